package io.entraid.connector.core.connection;

import io.entraid.connector.core.token.Credential;
import io.entraid.connector.core.token.TokenSettings;
import java.net.URI;
import java.util.List;

/**
 * A validated EntraID connection: everything needed to get app-only tokens and call Graph. With a
 * managed identity, tenantId and clientId are null.
 *
 * @param customEndpoints true when AuthorityHost or GraphEndpoint override the cloud's hosts (an
 *     emulator or a proxy); MSAL's instance discovery is then switched off
 * @param warnings problems that did not stop validation, such as trimmed whitespace
 */
public record EntraIdSettings(
    String name,
    String tenantId,
    String clientId,
    Credential credential,
    Cloud cloud,
    URI authorityHost,
    URI graphEndpoint,
    boolean customEndpoints,
    List<ConnectionProblem> warnings) {

  public EntraIdSettings {
    warnings = List.copyOf(warnings);
  }

  /** What the token layer needs of these settings. */
  public TokenSettings token() {
    return new TokenSettings(
        name, tenantId, clientId, credential, authorityHost, graphEndpoint, customEndpoints);
  }

  /**
   * The MSAL authority: sign-in host plus tenant, e.g. https://login.microsoftonline.com/{tenant}/.
   */
  public String authority() {
    return token().authority();
  }

  /** App-only tokens are requested for the whole Graph resource: {graph}/.default. */
  public String scope() {
    return token().scope();
  }

  /** Base of every Graph v1.0 request, e.g. https://graph.microsoft.com/v1.0. */
  public URI graphBaseUri() {
    return URI.create(graphEndpoint + "/v1.0");
  }

  @Override
  public String toString() {
    return "EntraIdSettings[name="
        + name
        + ", tenantId="
        + tenantId
        + ", clientId="
        + clientId
        + ", credential="
        + credential
        + ", cloud="
        + cloud.parameterValue()
        + ", authorityHost="
        + authorityHost
        + ", graphEndpoint="
        + graphEndpoint
        + "]";
  }
}
