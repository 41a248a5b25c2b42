package io.entraid.connector.core.connection;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Whether a connection asks Microsoft Graph when its client secret expires. Opt-in, because reading
 * the app registration needs the application permission Application.Read.All, which lets the app
 * read every app registration of the tenant. A certificate's expiry is read locally either way.
 */
public enum CredentialExpiryCheck {
  /** No Graph request: a client secret's expiry is reported as unknown. */
  OFF,
  /**
   * {@code GET /applications(appId='{ClientID}')?$select=passwordCredentials}, cached; needs
   * Application.Read.All.
   */
  GRAPH;

  /** The permission {@link #GRAPH} needs. */
  public static final String PERMISSION = "Application.Read.All";

  /**
   * @param field the setting's name, for the message
   * @throws IllegalArgumentException naming the field, the value and the accepted values
   */
  public static CredentialExpiryCheck parse(String value, String field) {
    String v = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(c -> c.name().equals(v))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    field
                        + " '"
                        + value
                        + "' is not one of "
                        + Arrays.stream(values())
                            .map(c -> c.name().toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", "))
                        + ". Fix: use graph to read the client secret's expiry from Microsoft Graph"
                        + " (needs "
                        + PERMISSION
                        + "), or off."));
  }
}
