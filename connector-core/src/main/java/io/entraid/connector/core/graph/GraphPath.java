package io.entraid.connector.core.graph;

import io.entraid.connector.core.UserText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Graph URL path below the API version, built from trusted literal segments and untrusted keys. A
 * key is always one path segment: it is percent-encoded (so {@code ../me} or {@code x/y} can never
 * change the path) and a key starting with {@code $} uses OData's key syntax {@code ('…')}, because
 * Graph would otherwise read it as a system segment such as $ref.
 */
public final class GraphPath {
  /** A directory object id: a GUID. */
  public static final String OBJECT_ID_REGEX =
      "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

  private static final Pattern OBJECT_ID = Pattern.compile(OBJECT_ID_REGEX);
  private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9.$_-]+");
  private static final Pattern PROPERTY = Pattern.compile("[A-Za-z]+");

  private final List<String> encodedSegments;

  private GraphPath(List<String> encodedSegments) {
    this.encodedSegments = List.copyOf(encodedSegments);
  }

  /** A path of literal segments written in code, e.g. {@code of("users")}, never user input. */
  public static GraphPath of(String... literals) {
    return new GraphPath(List.of()).segments(literals);
  }

  public GraphPath segments(String... literals) {
    List<String> next = new ArrayList<>(encodedSegments);
    for (String literal : literals) {
      if (!LITERAL.matcher(literal).matches())
        throw new IllegalArgumentException("Not a literal segment: " + literal);
      next.add(literal);
    }
    return new GraphPath(next);
  }

  /** An object id, UPN or other untrusted key as one segment. */
  public GraphPath key(String key) {
    if (key == null || key.isEmpty() || key.equals(".") || key.equals("..")) {
      throw GraphException.invalidInput(
          "An object id or user principal name is required, but got " + UserText.quote(key) + ".");
    }
    String segment =
        key.startsWith("$") ? "('" + encode(key.replace("'", "''"), "@") + "')" : encode(key, "@");
    List<String> next = new ArrayList<>(encodedSegments);
    next.add(segment);
    return new GraphPath(next);
  }

  /**
   * An OData alternate key on the last segment, e.g. {@code applications(appId='…')}: only a GUID
   * is accepted as the value, so it needs no escaping.
   */
  public GraphPath alternateKey(String property, String guid) {
    if (!PROPERTY.matcher(property).matches() || encodedSegments.isEmpty())
      throw new IllegalArgumentException("Not an alternate key property: " + property);
    if (guid == null || !isObjectId(guid)) {
      throw GraphException.invalidInput(
          property + " must be a GUID, but got " + UserText.quote(guid) + ".");
    }
    List<String> next = new ArrayList<>(encodedSegments);
    int last = next.size() - 1;
    next.set(last, next.get(last) + "(" + property + "='" + guid + "')");
    return new GraphPath(next);
  }

  /** True for object ids: strings of this form go straight into URL paths. */
  public static boolean isObjectId(String value) {
    return OBJECT_ID.matcher(value).matches();
  }

  /** The path without a leading slash, e.g. {@code users/o%27brien@contoso.com/memberOf}. */
  public String encoded() {
    return String.join("/", encodedSegments);
  }

  @Override
  public String toString() {
    return encoded();
  }

  /** Percent-encodes all but RFC 3986's unreserved characters and the given extra ones. */
  static String encode(String value, String keep) {
    StringBuilder sb = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~".indexOf(c) >= 0
          || (c < 128 && keep.indexOf(c) >= 0)) {
        sb.append((char) c);
      } else {
        sb.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }
}
