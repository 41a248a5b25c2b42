package io.entraid.connector.core.sync;

import java.util.Locale;

/**
 * How an Entra object's Camunda id is made. Camunda ids are at most 64 characters and must match
 * the engine's resource whitelist pattern, by default {@code [a-zA-Z0-9]+}: object ids without
 * their dashes always fit; user principal names ({@code jane.doe@contoso.com}) and most mail
 * nicknames need a wider pattern, e.g. {@code userResourceWhitelistPattern = [a-zA-Z0-9._@-]+}.
 * Objects whose id does not fit are skipped and reported, never renamed silently.
 */
public enum IdMapping {
  /** The object id without dashes, e.g. 0b2c3d4e5f604a7b8c9d0e1f2a3b4c5d. */
  OBJECT_ID,
  /** The user principal name, lower-cased (users only). */
  UPN,
  /** The mail nickname, e.g. Approvers. */
  MAIL_NICKNAME;

  /** The object id an {@link #OBJECT_ID} id was made from; null if {@code id} cannot be one. */
  public static String objectIdOf(String id) {
    if (id == null || !id.matches("[0-9a-f]{32}")) return null;
    return id.substring(0, 8)
        + "-"
        + id.substring(8, 12)
        + "-"
        + id.substring(12, 16)
        + "-"
        + id.substring(16, 20)
        + "-"
        + id.substring(20);
  }

  public String id(String objectId, String userPrincipalName, String mailNickname) {
    return switch (this) {
      case OBJECT_ID -> objectId.replace("-", "").toLowerCase(Locale.ROOT);
      case UPN -> userPrincipalName == null ? null : userPrincipalName.toLowerCase(Locale.ROOT);
      case MAIL_NICKNAME -> mailNickname;
    };
  }
}
