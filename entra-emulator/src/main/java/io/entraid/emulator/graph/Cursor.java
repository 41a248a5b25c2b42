package io.entraid.emulator.graph;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque $skiptoken: the last returned object's id (and sort value when $orderby is used).
 * Paging is stateless (no per-client memory) and stable under concurrent changes: the next page
 * continues after that id.
 */
record Cursor(String lastId, String lastSortKey) {
  private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DEC = Base64.getUrlDecoder();

  String encode() {
    String raw = "c1\n" + lastId + "\n" + (lastSortKey == null ? "\u0000" : lastSortKey);
    return "RFNwdAIAAQAAA" + ENC.encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  static Cursor decode(String token) {
    try {
      if (!token.startsWith("RFNwdAIAAQAAA")) {
        throw new IllegalArgumentException();
      }
      String raw = new String(DEC.decode(token.substring(13)), StandardCharsets.UTF_8);
      String[] parts = raw.split("\n", -1);
      if (parts.length != 3 || !parts[0].equals("c1")) {
        throw new IllegalArgumentException();
      }
      return new Cursor(parts[1], parts[2].equals("\u0000") ? null : parts[2]);
    } catch (IllegalArgumentException e) {
      // AAD's answer to a skip token it cannot use [code observed in Graph responses; not in the
      // docs].
      throw new GraphError(
          400,
          "Directory_ExpiredPageToken",
          "The specified page token value has expired and can no longer be included in your request.");
    }
  }
}
