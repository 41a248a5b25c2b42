package io.entraid.emulator.graph;

import io.entraid.emulator.DirectoryObject;
import io.entraid.emulator.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The $filter subset Graph supports on users and groups: {@code eq}, {@code ne}, {@code ge}/{@code
 * le}/{@code gt}/ {@code lt}, {@code startswith(p,'x')}, {@code endswith(p,'x')}, {@code in (...)},
 * {@code and}/{@code or}/{@code not}, parentheses, string literals with {@code ''} escaping,
 * booleans, null, and lambdas on collections such as {@code groupTypes/any(c:c eq 'Unified')}.
 * String comparisons ignore case, as the directory does. {@link #advanced()} tells whether the
 * expression needs advanced query capabilities (ne, not, endswith:
 * concepts/aad-advanced-queries.md).
 */
public final class Filter {
  private final Predicate<DirectoryObject> predicate;
  private final boolean advanced;

  private Filter(Predicate<DirectoryObject> predicate, boolean advanced) {
    this.predicate = predicate;
    this.advanced = advanced;
  }

  public Predicate<DirectoryObject> predicate() {
    return predicate;
  }

  public boolean advanced() {
    return advanced;
  }

  public static Filter parse(String text, Schema schema) {
    Parser p = new Parser(text, schema);
    Predicate<DirectoryObject> pred = p.parseExpression();
    p.expectEnd();
    return new Filter(pred, p.advanced);
  }

  private record Token(String kind, String text, int pos) {
    boolean is(String word) {
      return kind.equals("word") && text.equalsIgnoreCase(word);
    }
  }

  /** A value source: a property of the object, or the lambda variable. */
  private interface Operand {
    Object value(DirectoryObject o, Object lambdaValue);
  }

  private static final class Parser {
    private final String text;
    private final Schema schema;
    private final List<Token> tokens = new ArrayList<>();
    private int i;
    private String lambdaVar;
    boolean advanced;

    Parser(String text, Schema schema) {
      this.text = text;
      this.schema = schema;
      tokenize();
    }

    private GraphError invalid(String why) {
      return new GraphError(400, "BadRequest", "Invalid filter clause: " + why);
    }

    private void tokenize() {
      int p = 0;
      while (p < text.length()) {
        char c = text.charAt(p);
        if (Character.isWhitespace(c)) {
          p++;
        } else if (c == '(' || c == ')' || c == ',' || c == ':') {
          tokens.add(new Token(String.valueOf(c), String.valueOf(c), p++));
        } else if (c == '\'') {
          StringBuilder sb = new StringBuilder();
          int start = p++;
          while (true) {
            if (p >= text.length()) {
              throw invalid(
                  "unterminated string literal at position " + start + " in '" + text + "'.");
            }
            char d = text.charAt(p);
            if (d == '\'') {
              if (p + 1 < text.length() && text.charAt(p + 1) == '\'') {
                sb.append('\'');
                p += 2;
                continue;
              }
              p++;
              break;
            }
            sb.append(d);
            p++;
          }
          tokens.add(new Token("string", sb.toString(), start));
        } else if (Character.isLetterOrDigit(c)
            || c == '_'
            || c == '-'
            || c == '.'
            || c == '/'
            || c == '@'
            || c == '+') {
          int start = p;
          while (p < text.length()) {
            char d = text.charAt(p);
            if (Character.isLetterOrDigit(d)
                || d == '_'
                || d == '-'
                || d == '.'
                || d == '/'
                || d == '@'
                || d == '+') {
              p++;
            } else if (d == ':'
                && p + 1 < text.length()
                && Character.isDigit(text.charAt(p + 1))
                && Character.isDigit(text.charAt(start))) {
              p++; // a time inside a DateTimeOffset literal (2021-01-01T10:00:00Z)
            } else {
              break;
            }
          }
          tokens.add(new Token("word", text.substring(start, p), start));
        } else {
          throw invalid("syntax error at position " + p + " in '" + text + "'.");
        }
      }
    }

    private Token peek() {
      return i < tokens.size() ? tokens.get(i) : new Token("end", "", text.length());
    }

    private Token next() {
      Token t = peek();
      i++;
      return t;
    }

    private void expect(String kind) {
      Token t = next();
      if (!t.kind().equals(kind)) {
        throw invalid("syntax error at position " + t.pos() + " in '" + text + "'.");
      }
    }

    void expectEnd() {
      if (i < tokens.size()) {
        throw invalid("syntax error at position " + peek().pos() + " in '" + text + "'.");
      }
    }

    Predicate<DirectoryObject> parseExpression() {
      Predicate<DirectoryObject> left = parseAnd();
      while (peek().is("or")) {
        next();
        Predicate<DirectoryObject> l = left;
        Predicate<DirectoryObject> r = parseAnd();
        left = o -> l.test(o) || r.test(o);
      }
      return left;
    }

    private Predicate<DirectoryObject> parseAnd() {
      Predicate<DirectoryObject> left = parseUnary();
      while (peek().is("and")) {
        next();
        Predicate<DirectoryObject> l = left;
        Predicate<DirectoryObject> r = parseUnary();
        left = o -> l.test(o) && r.test(o);
      }
      return left;
    }

    private Predicate<DirectoryObject> parseUnary() {
      if (peek().is("not")) {
        next();
        advanced = true;
        Predicate<DirectoryObject> inner = parseUnary();
        return inner.negate();
      }
      if (peek().kind().equals("(")) {
        next();
        Predicate<DirectoryObject> inner = parseExpression();
        expect(")");
        return inner;
      }
      return parseComparisonOrFunction();
    }

    private Predicate<DirectoryObject> parseComparisonOrFunction() {
      Token t = next();
      if (!t.kind().equals("word")) {
        throw invalid("syntax error at position " + t.pos() + " in '" + text + "'.");
      }
      String word = t.text();
      if ((word.equalsIgnoreCase("startswith") || word.equalsIgnoreCase("endswith"))
          && peek().kind().equals("(")) {
        boolean ends = word.equalsIgnoreCase("endswith");
        next();
        Token property = next();
        Operand operand = operand(property);
        advanced |=
            AdvancedQueryRules.advanced(
                schema, property.text(), ends ? "endswith" : "startswith", false);
        expect(",");
        Token lit = next();
        if (!lit.kind().equals("string")) {
          throw invalid("syntax error at position " + lit.pos() + " in '" + text + "'.");
        }
        expect(")");
        String needle = lit.text().toLowerCase(Locale.ROOT);
        return lambda(
            o ->
                v -> {
                  Object val = operand.value(o, v);
                  if (!(val instanceof String s)) {
                    return false;
                  }
                  String h = s.toLowerCase(Locale.ROOT);
                  return ends ? h.endsWith(needle) : h.startsWith(needle);
                });
      }
      int slash = word.indexOf('/');
      if (slash > 0
          && (word.toLowerCase(Locale.ROOT).endsWith("/any")
              || word.toLowerCase(Locale.ROOT).endsWith("/all"))) {
        return parseLambda(
            t, word.substring(0, slash), word.substring(slash + 1).equalsIgnoreCase("all"));
      }
      Operand left = operand(t);
      Token op = next();
      if (op.is("in")) {
        advanced |= AdvancedQueryRules.advanced(schema, t.text(), "in", false);
        expect("(");
        List<Object> values = new ArrayList<>();
        do {
          values.add(literal(next()));
        } while (peek().kind().equals(",") && next() != null);
        expect(")");
        return lambda(o -> v -> values.stream().anyMatch(x -> equal(left.value(o, v), x)));
      }
      String operator = op.text().toLowerCase(Locale.ROOT);
      if (!List.of("eq", "ne", "gt", "ge", "lt", "le").contains(operator)) {
        throw invalid("syntax error at position " + op.pos() + " in '" + text + "'.");
      }
      Object right = literal(next());
      advanced |= AdvancedQueryRules.advanced(schema, t.text(), operator, right == null);
      return lambda(
          o ->
              v -> {
                Object l = left.value(o, v);
                return switch (operator) {
                  case "eq" -> equal(l, right);
                  case "ne" -> !equal(l, right);
                  default -> {
                    if (l == null || right == null) {
                      yield false;
                    }
                    int c = l.toString().compareToIgnoreCase(right.toString());
                    yield switch (operator) {
                      case "gt" -> c > 0;
                      case "ge" -> c >= 0;
                      case "lt" -> c < 0;
                      default -> c <= 0;
                    };
                  }
                };
              });
    }

    /**
     * The current element while a lambda ({@code any}/{@code all}) iterates a collection; a
     * ThreadLocal because a parsed filter may be evaluated by several request threads at once.
     */
    private final ThreadLocal<Object> current = new ThreadLocal<>();

    private Predicate<DirectoryObject> lambda(
        java.util.function.Function<DirectoryObject, Predicate<Object>> f) {
      return o -> f.apply(o).test(current.get());
    }

    private Predicate<DirectoryObject> parseLambda(Token t, String property, boolean all) {
      Schema.Property p = schema.property(property);
      if (p == null) {
        throw unknownProperty(property);
      }
      if (p.type() != Schema.Type.STRING_LIST) {
        throw invalid("syntax error at position " + t.pos() + " in '" + text + "'.");
      }
      expect("(");
      Token var = next();
      if (!var.kind().equals("word")) {
        throw invalid("syntax error at position " + var.pos() + " in '" + text + "'.");
      }
      expect(":");
      String outer = lambdaVar;
      lambdaVar = var.text();
      Predicate<DirectoryObject> body = parseExpression();
      lambdaVar = outer;
      expect(")");
      return o -> {
        Object list = o.get(p.name());
        List<?> items = list instanceof List<?> l ? l : List.of();
        Object saved = current.get();
        try {
          for (Object item : items) {
            current.set(item);
            boolean match = body.test(o);
            if (match && !all) {
              return true;
            }
            if (!match && all) {
              return false;
            }
          }
          return all;
        } finally {
          current.set(saved);
        }
      };
    }

    private Operand operand(Token t) {
      if (!t.kind().equals("word")) {
        throw invalid("syntax error at position " + t.pos() + " in '" + text + "'.");
      }
      if (lambdaVar != null && t.text().equals(lambdaVar)) {
        return (o, v) -> v;
      }
      Schema.Property p = schema.property(t.text());
      if (p == null) {
        throw unknownProperty(t.text());
      }
      return (o, v) -> o.get(p.name());
    }

    private GraphError unknownProperty(String name) {
      return new GraphError(
          400,
          "BadRequest",
          "Could not find a property named '" + name + "' on type '" + schema.typeName() + "'.");
    }

    private Object literal(Token t) {
      if (t.kind().equals("string")) {
        return t.text();
      }
      if (t.kind().equals("word")) {
        String w = t.text();
        if (w.equalsIgnoreCase("true") || w.equalsIgnoreCase("false")) {
          return Boolean.valueOf(w.toLowerCase(Locale.ROOT));
        }
        if (w.equalsIgnoreCase("null")) {
          return null;
        }
        if (Character.isDigit(w.charAt(0)) || w.charAt(0) == '-') {
          return w; // numbers and DateTimeOffset literals compare as text
        }
      }
      throw invalid("syntax error at position " + t.pos() + " in '" + text + "'.");
    }

    private static boolean equal(Object a, Object b) {
      if (a instanceof String s && b instanceof String t) {
        return s.equalsIgnoreCase(t);
      }
      return Objects.equals(a, b);
    }
  }
}
