package io.entraid.connector.core.graph;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A path and query a user wrote (the graphRequest operation), accepted only if it provably stays
 * below the connection's Graph endpoint and API version: the token must never reach another host or
 * API. The checks are lexical (no absolute URLs, no {@code //}, {@code \}, dot segments, encoded
 * slashes or dots, control characters, version prefix) and then structural: resolved against a
 * version root, the result must still be under it.
 */
public final class RelativePath {
  static final int MAX_PATH = 2048;
  static final int MAX_QUERY = 4096;
  private static final URI PROBE_ROOT = URI.create("https://graph.invalid/v1.0/");

  /** RFC 3986 pchar without '%', plus '/': what a path may hold as written. */
  private static final String PATH_CHARS = "-._~!$&'()*+,;=:@/";

  private final String encoded;
  private final List<String> segments;

  private RelativePath(String encoded, List<String> segments) {
    this.encoded = encoded;
    this.segments = List.copyOf(segments);
  }

  /** A refused path or query; {@link #part()} says which. */
  public static final class Invalid extends IllegalArgumentException {
    private final String part;

    Invalid(String part, String message) {
      super(message);
      this.part = part;
    }

    /** "path" or "query". */
    public String part() {
      return part;
    }
  }

  /**
   * @param path relative to the API version, e.g. {@code users/{id}/licenseDetails}; one leading
   *     and one trailing slash are ignored
   * @param query without or with the leading {@code ?}, e.g. {@code $select=id&$top=5}; may be
   *     null. Characters a query may not hold as written (spaces, quotes...) are percent-encoded.
   * @throws Invalid naming the part and the problem
   */
  public static RelativePath of(String path, String query) {
    String checkedPath = checkPath(path);
    String checkedQuery = encodeQuery(query);
    String encoded = checkedQuery.isEmpty() ? checkedPath : checkedPath + "?" + checkedQuery;
    URI resolved;
    try {
      resolved = PROBE_ROOT.resolve(encoded);
    } catch (IllegalArgumentException e) {
      throw new Invalid("path", "is not a valid relative URL (" + e.getMessage() + ").");
    }
    if (!PROBE_ROOT.getScheme().equals(resolved.getScheme())
        || !PROBE_ROOT.getRawAuthority().equals(resolved.getRawAuthority())
        || !resolved.getRawPath().startsWith(PROBE_ROOT.getRawPath())
        || !resolved.normalize().equals(resolved)) {
      throw new Invalid("path", "would leave the connection's Graph API version root.");
    }
    return new RelativePath(
        encoded, Arrays.stream(checkedPath.split("/")).map(RelativePath::decode).toList());
  }

  /**
   * The path's segments, percent-decoded (what Graph reads), e.g. [users, o'brien@contoso.com,
   * memberOf].
   */
  public List<String> segments() {
    return segments;
  }

  /** Path and query as sent, relative to the version root. */
  String encoded() {
    return encoded;
  }

  @Override
  public String toString() {
    return encoded;
  }

  private static String checkPath(String path) {
    if (path == null || path.isBlank())
      throw new Invalid("path", "is empty. Fix: give a path such as users/{id}.");
    if (path.length() > MAX_PATH)
      throw new Invalid("path", "is longer than " + MAX_PATH + " characters.");
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.endsWith("/")) p = p.substring(0, p.length() - 1);
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
        throw new Invalid("path", "contains a control character.");
      if (c == '\\')
        throw new Invalid("path", "contains a backslash. Fix: separate segments with /.");
      if (c == '?' || c == '#')
        throw new Invalid(
            "path", "contains '" + c + "'. Fix: put query options into the input 'query'.");
      if (!isAlphaNum(c) && c != '%' && PATH_CHARS.indexOf(c) < 0) {
        throw new Invalid(
            "path",
            "contains '"
                + c
                + "', which a URL path may not hold as written. Fix: percent-encode it.");
      }
    }
    String[] segments = p.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      if (segment.isEmpty())
        throw new Invalid(
            "path",
            "contains an empty segment (//). Fix: give a path relative to the API version.");
      if (i == 0 && segment.indexOf(':') >= 0) {
        throw new Invalid(
            "path",
            "looks like an absolute URL. Fix: give only the part after /v1.0/, e.g. users/{id}.");
      }
      String decoded = decode(segment);
      if (decoded.equals(".") || decoded.equals(".."))
        throw new Invalid("path", "contains a '" + decoded + "' segment.");
      for (char c : decoded.toCharArray()) {
        if (c == '/' || c == '\\' || c == '%' || c < 0x20 || c == 0x7f) {
          throw new Invalid("path", "contains an encoded '/', '\\', '%' or control character.");
        }
      }
      if (i == 0 && (decoded.equalsIgnoreCase("v1.0") || decoded.equalsIgnoreCase("beta"))) {
        throw new Invalid(
            "path",
            "starts with an API version; the connection fixes it to v1.0. Fix: remove /"
                + decoded
                + " from the path.");
      }
    }
    return p;
  }

  /** Percent-decodes one segment; malformed escapes are refused rather than guessed at. */
  private static String decode(String segment) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c != '%') {
        bytes.write(c);
        continue;
      }
      if (i + 2 >= segment.length()
          || Character.digit(segment.charAt(i + 1), 16) < 0
          || Character.digit(segment.charAt(i + 2), 16) < 0) {
        throw new Invalid("path", "contains a '%' that is not followed by two hex digits.");
      }
      bytes.write(Integer.parseInt(segment.substring(i + 1, i + 3), 16));
      i += 2;
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String encodeQuery(String query) {
    if (query == null || query.isBlank()) return "";
    String q = query.strip();
    if (q.startsWith("?")) q = q.substring(1);
    if (q.length() > MAX_QUERY)
      throw new Invalid("query", "is longer than " + MAX_QUERY + " characters.");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < q.length(); i += Character.charCount(q.codePointAt(i))) {
      int c = q.codePointAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
        throw new Invalid("query", "contains a control character.");
      boolean escape =
          c == '%'
              && i + 2 < q.length()
              && Character.digit(q.charAt(i + 1), 16) >= 0
              && Character.digit(q.charAt(i + 2), 16) >= 0;
      if (escape || (c < 128 && (isAlphaNum((char) c) || PATH_CHARS.indexOf(c) >= 0 || c == '?'))) {
        sb.appendCodePoint(c);
      } else {
        sb.append(GraphPath.encode(new String(Character.toChars(c)), ""));
      }
    }
    return sb.toString();
  }

  private static boolean isAlphaNum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
