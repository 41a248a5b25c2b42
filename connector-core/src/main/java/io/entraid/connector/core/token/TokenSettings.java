package io.entraid.connector.core.token;

import java.net.URI;
import java.util.Objects;

/**
 * What one connection's token provider needs: the app registration, its tenant, its credential and
 * the hosts. A managed identity needs neither tenant nor client id (both null).
 *
 * @param connection the connection's name, for messages and metrics
 * @param customEndpoints true when the sign-in host or Graph endpoint override the cloud's hosts
 *     (an emulator or a proxy); MSAL's instance discovery is then switched off
 */
public record TokenSettings(
    String connection,
    String tenantId,
    String clientId,
    Credential credential,
    URI authorityHost,
    URI graphEndpoint,
    boolean customEndpoints) {

  public TokenSettings {
    Objects.requireNonNull(credential, "credential");
  }

  /**
   * The MSAL authority: sign-in host plus tenant, e.g. https://login.microsoftonline.com/{tenant}/.
   */
  public String authority() {
    return authorityHost + "/" + tenantId + "/";
  }

  /** App-only tokens are requested for the whole Graph resource: {graph}/.default. */
  public String scope() {
    return graphEndpoint + "/.default";
  }
}
