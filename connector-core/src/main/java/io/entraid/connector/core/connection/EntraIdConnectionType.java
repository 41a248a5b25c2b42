package io.entraid.connector.core.connection;

import static io.entraid.connector.core.connection.ConnectionProblem.error;
import static io.entraid.connector.core.connection.ConnectionProblem.warning;

import io.entraid.connector.core.Secret;
import io.entraid.connector.core.Suggestions;
import io.entraid.connector.core.connection.ConnectionProblem.Severity;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The connection type {@value #NAME}: its declared keys and the validation that turns an
 * administrator's key-value parameters into {@link EntraIdSettings}, or into a list of problems
 * that each name the key, the problem and the fix.
 */
public final class EntraIdConnectionType {
  public static final String NAME = "EntraID";

  public static final ParameterKey TENANT_ID =
      ParameterKey.required(
          "TenantID",
          "Directory (tenant) ID from the app registration's Overview page: a GUID or a verified domain such as contoso.onmicrosoft.com.");
  public static final ParameterKey CLIENT_ID =
      ParameterKey.required(
          "ClientID",
          "Application (client) ID from the app registration's Overview page (a GUID).");
  public static final ParameterKey CLIENT_SECRET =
      ParameterKey.requiredSecret(
          "ClientSecret",
          "The Value of a client secret from Certificates & secrets (shown once when created), not its Secret ID.");
  public static final ParameterKey CLOUD =
      ParameterKey.optional("Cloud", "Microsoft cloud: " + Cloud.choices() + ". Default Global.");
  public static final ParameterKey AUTHORITY_HOST =
      ParameterKey.optional(
          "AuthorityHost",
          "Overrides the cloud's sign-in host (https only), for the emulator or a proxy, e.g. https://127.0.0.1:8443.");
  public static final ParameterKey GRAPH_ENDPOINT =
      ParameterKey.optional(
          "GraphEndpoint",
          "Overrides the cloud's Microsoft Graph endpoint (https only), for the emulator or a proxy.");

  public static final List<ParameterKey> KEYS =
      List.of(TENANT_ID, CLIENT_ID, CLIENT_SECRET, CLOUD, AUTHORITY_HOST, GRAPH_ENDPOINT);

  private static final Pattern GUID =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  private static final Pattern GUID_LIKE = Pattern.compile("^[0-9a-fA-F{}-]+$");
  private static final Pattern DOMAIN =
      Pattern.compile(
          "^(?=.{4,253}$)(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]{2,63}$");
  private static final Set<String> MULTI_TENANT_ALIASES =
      Set.of("common", "organizations", "consumers");
  private static final String PORTAL_HINT =
      " Copy it from Microsoft Entra ID > App registrations > your app > Overview.";

  private EntraIdConnectionType() {}

  /** The README's table of connection keys; a test keeps the README equal to this. */
  public static String markdownTable() {
    StringBuilder sb = new StringBuilder("| Key | Required | What to put there |\n|---|---|---|\n");
    KEYS.forEach(
        k ->
            sb.append("| `")
                .append(k.name())
                .append("` | ")
                .append(k.required() ? "yes" : "no")
                .append(" | ")
                .append(k.description())
                .append(" |\n"));
    return sb.toString();
  }

  /**
   * Validates a definition of this type.
   *
   * @throws InvalidConnectionException listing every error found
   */
  public static EntraIdSettings validate(ConnectionDefinition definition) {
    List<ConnectionProblem> problems = new ArrayList<>();
    if (definition.type() != null && !NAME.equalsIgnoreCase(definition.type().trim())) {
      problems.add(
          error(
              "type",
              "Connection type '"
                  + definition.type()
                  + "' is not supported here."
                  + " Fix: set the type to "
                  + NAME
                  + "."));
      throw new InvalidConnectionException(definition.name(), problems);
    }
    Map<ParameterKey, String> values = readKeys(definition.parameters(), problems);

    String tenantId = values.get(TENANT_ID);
    String clientId = values.get(CLIENT_ID);
    String secret = values.get(CLIENT_SECRET);
    if (tenantId != null) checkTenantId(tenantId, problems);
    if (clientId != null) checkClientId(clientId, tenantId, problems);
    if (secret != null) checkSecret(secret, clientId, problems);

    Cloud cloud = Cloud.GLOBAL;
    if (values.containsKey(CLOUD)) {
      Optional<Cloud> chosen = Cloud.fromParameter(values.get(CLOUD));
      if (chosen.isPresent()) {
        cloud = chosen.get();
      } else {
        problems.add(
            error(
                CLOUD.name(),
                CLOUD.name()
                    + ": '"
                    + values.get(CLOUD)
                    + "' is not a known cloud."
                    + " Fix: use one of "
                    + Cloud.choices()
                    + ", or leave Cloud out for Global."));
      }
    }
    URI authorityHost = override(AUTHORITY_HOST, values, cloud.authorityHost(), problems);
    URI graphEndpoint = override(GRAPH_ENDPOINT, values, cloud.graphEndpoint(), problems);

    if (problems.stream().anyMatch(p -> p.severity() == Severity.ERROR)) {
      throw new InvalidConnectionException(definition.name(), problems);
    }
    boolean custom = values.containsKey(AUTHORITY_HOST) || values.containsKey(GRAPH_ENDPOINT);
    return new EntraIdSettings(
        definition.name(),
        tenantId,
        clientId,
        Secret.of(secret),
        cloud,
        authorityHost,
        graphEndpoint,
        custom,
        problems);
  }

  /**
   * Matches keys case-insensitively, trims values, and reports missing, empty, duplicate and
   * unknown keys.
   */
  private static Map<ParameterKey, String> readKeys(
      Map<String, String> parameters, List<ConnectionProblem> problems) {
    Map<ParameterKey, String> values = new LinkedHashMap<>();
    Map<ParameterKey, String> spelledAs = new LinkedHashMap<>();
    parameters.forEach(
        (rawKey, rawValue) -> {
          String keyName = rawKey == null ? "" : rawKey.trim();
          Optional<ParameterKey> key =
              KEYS.stream().filter(k -> k.name().equalsIgnoreCase(keyName)).findFirst();
          if (key.isEmpty()) {
            problems.add(error(keyName, unknownKeyMessage(keyName)));
            return;
          }
          ParameterKey k = key.get();
          if (spelledAs.containsKey(k)) {
            problems.add(
                error(
                    k.name(),
                    k.name()
                        + " is given twice (as '"
                        + spelledAs.get(k)
                        + "' and '"
                        + keyName
                        + "'; keys are matched ignoring case). Fix: keep only one of them."));
            return;
          }
          spelledAs.put(k, keyName);
          String value = rawValue == null ? "" : rawValue;
          String trimmed = value.strip();
          if (trimmed.isEmpty()) {
            if (k.required()) {
              problems.add(
                  error(
                      k.name(), k.name() + " is empty. Fix: set it. Expected: " + k.description()));
            }
            return;
          }
          if (!trimmed.equals(value)) {
            problems.add(
                warning(
                    k.name(),
                    k.name()
                        + " had leading or trailing whitespace, which was removed."
                        + " Fix: remove the spaces where the connection is defined; copied IDs and secrets often carry them."));
          }
          values.put(k, trimmed);
        });
    for (ParameterKey k : KEYS) {
      if (k.required() && !spelledAs.containsKey(k)) {
        problems.add(
            error(
                k.name(),
                k.name()
                    + " is missing. Fix: add the key "
                    + k.name()
                    + ". Expected: "
                    + k.description()));
      }
    }
    return values;
  }

  private static String unknownKeyMessage(String key) {
    String known = String.join(", ", KEYS.stream().map(ParameterKey::name).toList());
    return closestKey(key)
        .map(
            k ->
                "'"
                    + key
                    + "' is not a key of an "
                    + NAME
                    + " connection. Did you mean "
                    + k.name()
                    + "? Fix: rename it to "
                    + k.name()
                    + " (known keys: "
                    + known
                    + ").")
        .orElse(
            "'"
                + key
                + "' is not a key of an "
                + NAME
                + " connection. Fix: remove it, or use one of "
                + known
                + ".");
  }

  /**
   * The declared key an unknown key was most likely meant to be, by edit distance or by a telling
   * word.
   */
  static Optional<ParameterKey> closestKey(String key) {
    String k = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (k.isEmpty()) return Optional.empty();
    Optional<ParameterKey> byDistance =
        KEYS.stream()
            .min(
                Comparator.comparingInt(
                    p -> Suggestions.editDistance(k, p.name().toLowerCase(Locale.ROOT))))
            .filter(
                p ->
                    Suggestions.editDistance(k, p.name().toLowerCase(Locale.ROOT))
                        <= Math.max(2, p.name().length() / 3));
    if (byDistance.isPresent()) return byDistance;
    if (k.contains("secret") || k.contains("password")) return Optional.of(CLIENT_SECRET);
    if (k.contains("tenant") || k.contains("directory")) return Optional.of(TENANT_ID);
    if (k.contains("client") || k.contains("app")) return Optional.of(CLIENT_ID);
    if (k.contains("graph")) return Optional.of(GRAPH_ENDPOINT);
    if (k.contains("authority") || k.contains("login")) return Optional.of(AUTHORITY_HOST);
    return Optional.empty();
  }

  private static void checkTenantId(String tenantId, List<ConnectionProblem> problems) {
    String key = TENANT_ID.name();
    if (MULTI_TENANT_ALIASES.contains(tenantId.toLowerCase(Locale.ROOT))) {
      problems.add(
          error(
              key,
              key
                  + ": '"
                  + tenantId
                  + "' does not name a tenant. App-only tokens (client credentials)"
                  + " must be requested from one specific tenant; Entra ID rejects '"
                  + tenantId
                  + "' with AADSTS50059 or picks a"
                  + " tenant for you. Fix: use your Directory (tenant) ID (a GUID) or its verified domain."
                  + PORTAL_HINT));
    } else if (tenantId.contains("://") || tenantId.contains("/")) {
      problems.add(
          error(
              key,
              key
                  + ": '"
                  + tenantId
                  + "' is a URL or a path, not a tenant. Fix: use only the Directory"
                  + " (tenant) ID (a GUID) or the verified domain, e.g. contoso.onmicrosoft.com."
                  + PORTAL_HINT));
    } else if (GUID_LIKE.matcher(tenantId).matches() && !GUID.matcher(tenantId).matches()) {
      problems.add(error(key, malformedGuid(key, tenantId)));
    } else if (!GUID.matcher(tenantId).matches() && !DOMAIN.matcher(tenantId).matches()) {
      problems.add(
          error(
              key,
              key
                  + ": '"
                  + tenantId
                  + "' is neither a GUID nor a domain name. Fix: use the Directory"
                  + " (tenant) ID or a verified domain such as contoso.onmicrosoft.com."
                  + PORTAL_HINT));
    }
  }

  private static void checkClientId(
      String clientId, String tenantId, List<ConnectionProblem> problems) {
    String key = CLIENT_ID.name();
    if (!GUID.matcher(clientId).matches()) {
      problems.add(
          error(
              key,
              GUID_LIKE.matcher(clientId).matches()
                  ? malformedGuid(key, clientId)
                  : key
                      + ": '"
                      + clientId
                      + "' is not a GUID. The client ID is the Application (client) ID, a GUID such as"
                      + " 11111111-2222-3333-4444-555555555555, not the app's name. Fix: copy the Application (client) ID."
                      + PORTAL_HINT));
    } else if (clientId.equalsIgnoreCase(tenantId)) {
      problems.add(
          error(
              key,
              key
                  + " is the same GUID as TenantID. One of them was copied twice. Fix: use the"
                  + " Application (client) ID for ClientID and the Directory (tenant) ID for TenantID."
                  + PORTAL_HINT));
    }
  }

  private static void checkSecret(
      String secret, String clientId, List<ConnectionProblem> problems) {
    String key = CLIENT_SECRET.name();
    if (GUID.matcher(secret).matches() && secret.equalsIgnoreCase(clientId)) {
      problems.add(
          error(
              key,
              key
                  + " is the same as ClientID. Fix: use the Value of a client secret from"
                  + " Certificates & secrets."));
    } else if (GUID.matcher(secret).matches()) {
      problems.add(
          error(
              key,
              key
                  + " looks like a GUID, which is almost certainly the secret's Secret ID, not its"
                  + " Value. Entra ID rejects it with AADSTS7000215. Fix: use the Value column of the secret under"
                  + " Certificates & secrets; it is shown only once, so create a new secret if you did not save it."));
    }
  }

  private static String malformedGuid(String key, String value) {
    String hexOnly = value.replaceAll("[^0-9a-fA-F]", "");
    return key
        + ": '"
        + value
        + "' is not a well-formed GUID: expected 32 hex digits in groups 8-4-4-4-12"
        + " (e.g. 11111111-2222-3333-4444-555555555555), found "
        + hexOnly.length()
        + " hex digits."
        + " Fix: copy the whole value again; a character is probably missing or extra."
        + PORTAL_HINT;
  }

  /**
   * An https origin that overrides a cloud host; a Graph endpoint may be given with a /v1.0 suffix.
   */
  private static URI override(
      ParameterKey key,
      Map<ParameterKey, String> values,
      URI fallback,
      List<ConnectionProblem> problems) {
    String raw = values.get(key);
    if (raw == null) return fallback;
    String name = key.name();
    URI uri;
    try {
      uri = new URI(raw);
    } catch (URISyntaxException e) {
      problems.add(
          error(
              name,
              name
                  + ": '"
                  + raw
                  + "' is not a valid URL ("
                  + e.getReason()
                  + ")."
                  + " Fix: give an https URL such as https://127.0.0.1:8443."));
      return fallback;
    }
    if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      problems.add(
          error(
              name,
              name
                  + ": '"
                  + raw
                  + "' must be an absolute https URL; tokens and directory data must"
                  + " never travel unencrypted, and MSAL refuses other schemes. Fix: use https://host[:port]."));
      return fallback;
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
    if (key == GRAPH_ENDPOINT && path.equalsIgnoreCase("/v1.0")) {
      problems.add(
          warning(
              name,
              name
                  + " ended in /v1.0, which was removed: the connector adds the API version itself."
                  + " Fix: give only https://host[:port]."));
      path = "";
    }
    if (!path.isEmpty()
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || uri.getRawUserInfo() != null) {
      problems.add(
          error(
              name,
              name
                  + ": '"
                  + raw
                  + "' must be only https://host[:port], without a path, query or"
                  + " user info"
                  + (key == AUTHORITY_HOST
                      ? " (MSAL appends /{tenant}/oauth2/v2.0/token itself)"
                      : "")
                  + "."
                  + " Fix: remove everything after the host and port."));
      return fallback;
    }
    return URI.create("https://" + uri.getRawAuthority().toLowerCase(Locale.ROOT));
  }
}
