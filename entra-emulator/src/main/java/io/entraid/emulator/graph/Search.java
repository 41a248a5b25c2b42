package io.entraid.emulator.graph;

import io.entraid.emulator.DirectoryObject;
import io.entraid.emulator.Schema;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * $search on directory objects: {@code "property:term"} clauses joined by AND/OR. Graph tokenizes
 * the value into words and matches terms as word prefixes (aad-advanced-queries.md); this
 * approximates that: a clause matches when the whole value or any of its words starts with the term
 * (case-insensitive).
 */
final class Search {
  private static final Pattern CLAUSE = Pattern.compile("\"([^\":]+):([^\"]*)\"|\\b(AND|OR)\\b");

  private Search() {}

  static Predicate<DirectoryObject> parse(String raw, Schema schema) {
    Matcher m = CLAUSE.matcher(raw.trim());
    Predicate<DirectoryObject> result = null;
    boolean or = false;
    int found = 0;
    while (m.find()) {
      if (m.group(3) != null) {
        or = m.group(3).equals("OR");
        continue;
      }
      Schema.Property p = schema.property(m.group(1).trim());
      if (p == null) {
        throw new GraphError(
            400,
            "Request_UnsupportedQuery",
            "Unsupported or invalid query filter clause specified for property '"
                + m.group(1).trim()
                + "' of resource '"
                + schema.resourceName()
                + "'.");
      }
      String term = m.group(2).trim().toLowerCase(Locale.ROOT);
      Predicate<DirectoryObject> clause = o -> matches(o.get(p.name()), term);
      result = result == null ? clause : or ? result.or(clause) : result.and(clause);
      found++;
    }
    if (found == 0) {
      throw new GraphError(
          400,
          "Request_UnsupportedQuery",
          "Syntax error: character '" + raw + "' is not valid at position 0 in '" + raw + "'.");
    }
    return result;
  }

  private static boolean matches(Object value, String term) {
    if (value == null) {
      return false;
    }
    String v = value.toString().toLowerCase(Locale.ROOT);
    if (v.startsWith(term)) {
      return true;
    }
    for (String word : v.split("[^\\p{L}\\p{N}]+")) {
      if (word.startsWith(term)) {
        return true;
      }
    }
    return false;
  }
}
