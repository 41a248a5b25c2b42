package io.entraid.connector.core.connection;

import static io.entraid.connector.core.connection.ConnectionProblem.error;
import static io.entraid.connector.core.connection.ConnectionProblem.warning;

import io.entraid.connector.core.Secret;
import io.entraid.connector.core.Suggestions;
import io.entraid.connector.core.connection.ConnectionProblem.Severity;
import io.entraid.connector.core.token.CertificateFile;
import io.entraid.connector.core.token.CertificateSource;
import io.entraid.connector.core.token.Credential;
import io.entraid.connector.core.token.CredentialFileException;
import io.entraid.connector.core.token.CredentialFiles;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
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
          "Directory (tenant) ID from the app registration's Overview page: a GUID or a verified domain such as contoso.onmicrosoft.com. Not used with ManagedIdentity.");
  public static final ParameterKey CLIENT_ID =
      ParameterKey.required(
          "ClientID",
          "Application (client) ID from the app registration's Overview page (a GUID). Not used with ManagedIdentity.");
  public static final ParameterKey CLIENT_SECRET =
      ParameterKey.credential(
          "ClientSecret",
          true,
          "Credential: the Value of a client secret from Certificates & secrets (shown once when created), not its Secret ID.");
  public static final ParameterKey CLIENT_SECRET_FILE =
      ParameterKey.credential(
          "ClientSecretFile",
          false,
          "Credential: path of a file holding a client secret's Value (e.g. a mounted Kubernetes or Docker secret); read again when the file changes.");
  public static final ParameterKey CLIENT_CERTIFICATE =
      ParameterKey.credential(
          "ClientCertificate",
          false,
          "Credential: path of a PKCS12/PFX file, or a PEM file with certificate and RSA private key, whose certificate is uploaded to the app registration; read again when the file changes. Or the file's content (a stored connection holds only that): the PEM text, or base64: followed by the file in base64.");
  public static final ParameterKey CLIENT_CERTIFICATE_PASSWORD =
      ParameterKey.optionalSecret(
          "ClientCertificatePassword",
          "The password of the ClientCertificate file (PFX, or an encrypted PEM key), if it has one.");
  public static final ParameterKey SEND_X5C =
      ParameterKey.optional(
          "SendX5C",
          "With ClientCertificate: true sends the certificate chain with each token request (subject name/issuer authentication). Default false.");
  public static final ParameterKey CLIENT_ASSERTION_FILE =
      ParameterKey.credential(
          "ClientAssertionFile",
          false,
          "Credential: path of a file holding a federated token (workload identity federation, e.g. AZURE_FEDERATED_TOKEN_FILE on AKS); read for every token request.");
  public static final ParameterKey MANAGED_IDENTITY =
      ParameterKey.credential(
          "ManagedIdentity",
          false,
          "Credential: system for the Azure resource's system-assigned managed identity, or a user-assigned identity's Client ID; then TenantID and ClientID are not needed.");
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

  /** Exactly one of these is given. */
  public static final List<ParameterKey> CREDENTIALS =
      List.of(
          CLIENT_SECRET,
          CLIENT_SECRET_FILE,
          CLIENT_CERTIFICATE,
          CLIENT_ASSERTION_FILE,
          MANAGED_IDENTITY);

  public static final List<ParameterKey> KEYS =
      List.of(
          TENANT_ID,
          CLIENT_ID,
          CLIENT_SECRET,
          CLIENT_SECRET_FILE,
          CLIENT_CERTIFICATE,
          CLIENT_CERTIFICATE_PASSWORD,
          SEND_X5C,
          CLIENT_ASSERTION_FILE,
          MANAGED_IDENTITY,
          CLOUD,
          AUTHORITY_HOST,
          GRAPH_ENDPOINT);

  private static final Pattern THUMBPRINT =
      Pattern.compile("^(?:[0-9a-fA-F]{2}[ :]?){19}[0-9a-fA-F]{2}$");

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
                .append(k.required() ? "yes" : CREDENTIALS.contains(k) ? "one credential" : "no")
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
    return validate(definition, false);
  }

  /**
   * Validates a definition that every node of a cluster uses (a stored connection), while the nodes
   * do not share files: a certificate must be given by content, and ClientSecretFile is refused.
   * ClientAssertionFile stays a path: the platform projects the federated token file onto every
   * node at the same path.
   *
   * @throws InvalidConnectionException listing every error found
   */
  public static EntraIdSettings validateShared(ConnectionDefinition definition) {
    return validate(definition, true);
  }

  private static EntraIdSettings validate(ConnectionDefinition definition, boolean shared) {
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

    Credential credential = credential(values, shared, problems);
    boolean managed = values.containsKey(MANAGED_IDENTITY);
    String tenantId = values.get(TENANT_ID);
    String clientId = values.get(CLIENT_ID);
    if (managed) {
      for (ParameterKey unused : List.of(TENANT_ID, CLIENT_ID, AUTHORITY_HOST)) {
        if (values.containsKey(unused)) {
          problems.add(
              warning(
                  unused.name(),
                  unused.name()
                      + " is not used with ManagedIdentity: the platform's identity endpoint issues"
                      + " the token for the identity. Fix: remove "
                      + unused.name()
                      + (unused == CLIENT_ID
                          ? "; a user-assigned identity's Client ID goes into ManagedIdentity."
                          : ".")));
        }
      }
      tenantId = null;
      clientId = null;
    } else {
      for (ParameterKey k : List.of(TENANT_ID, CLIENT_ID)) {
        if (!values.containsKey(k) && !present(definition.parameters(), k)) {
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
      if (tenantId != null) checkTenantId(tenantId, problems);
      if (clientId != null) checkClientId(clientId, tenantId, problems);
      if (values.containsKey(CLIENT_SECRET)) {
        checkSecret(CLIENT_SECRET.name(), values.get(CLIENT_SECRET), clientId, problems);
      }
      if (credential instanceof Credential.ClientSecretFile f) {
        readSecretFile(f.file(), clientId, problems);
      }
    }

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
        credential,
        cloud,
        authorityHost,
        graphEndpoint,
        custom,
        problems);
  }

  private static boolean present(Map<String, String> parameters, ParameterKey k) {
    return parameters.keySet().stream()
        .anyMatch(key -> key != null && key.strip().equalsIgnoreCase(k.name()));
  }

  /** The one credential the keys describe, or null after reporting why there is none. */
  private static Credential credential(
      Map<ParameterKey, String> values, boolean shared, List<ConnectionProblem> problems) {
    List<ParameterKey> given = CREDENTIALS.stream().filter(values::containsKey).toList();
    String choices = String.join(", ", CREDENTIALS.stream().map(ParameterKey::name).toList());
    for (ParameterKey option : List.of(CLIENT_CERTIFICATE_PASSWORD, SEND_X5C)) {
      if (values.containsKey(option) && !values.containsKey(CLIENT_CERTIFICATE)) {
        problems.add(
            error(
                option.name(),
                option.name()
                    + " only applies to ClientCertificate, which is not set."
                    + " Fix: remove "
                    + option.name()
                    + ", or set ClientCertificate to the certificate file."));
      }
    }
    if (given.isEmpty()) {
      problems.add(
          error(
              CLIENT_SECRET.name(),
              "No credential is set. Fix: set exactly one of "
                  + choices
                  + " (Microsoft recommends a certificate, a federated credential or a managed"
                  + " identity over a client secret)."));
      return null;
    }
    if (given.size() > 1) {
      problems.add(
          error(
              given.get(1).name(),
              String.join(" and ", given.stream().map(ParameterKey::name).toList())
                  + " are all set, but a connection uses exactly one credential."
                  + " Fix: keep one of them and remove the others."));
      return null;
    }
    ParameterKey key = given.get(0);
    String value = values.get(key);
    if (key == CLIENT_SECRET) {
      return new Credential.ClientSecret(Secret.of(value));
    }
    if (key == MANAGED_IDENTITY) {
      if (value.equalsIgnoreCase("system")) return new Credential.ManagedIdentity(Optional.empty());
      if (GUID.matcher(value).matches()) return new Credential.ManagedIdentity(Optional.of(value));
      problems.add(
          error(
              key.name(),
              key.name()
                  + ": '"
                  + value
                  + "' is neither system nor a client ID (GUID). Fix: write system for the"
                  + " resource's system-assigned identity, or the Client ID from a user-assigned"
                  + " identity's Overview page (not its object/principal ID or resource ID)."));
      return null;
    }
    if (key == CLIENT_SECRET_FILE && shared) {
      problems.add(
          error(
              key.name(),
              key.name()
                  + " names a file on one machine, but a stored connection is used by every node,"
                  + " and nodes do not share files. Fix: store the secret's Value as ClientSecret"
                  + " (it is encrypted at rest), and rotate it on the Connections page or with"
                  + " POST .../connections/{name}/rotate."));
      return null;
    }
    if (key == CLIENT_CERTIFICATE) return certificate(value, values, shared, problems);
    Path file = path(key, value, problems);
    if (file == null) return null;
    if (key == CLIENT_SECRET_FILE) return new Credential.ClientSecretFile(file);
    if (key == CLIENT_ASSERTION_FILE) {
      try {
        if (CredentialFiles.readText(file).split("\\.", -1).length != 3) {
          problems.add(
              error(
                  key.name(),
                  key.name()
                      + ": "
                      + file
                      + " does not hold a JWT (three base64url parts separated by dots)."
                      + " Fix: point it at the federated token file, e.g. the one named by"
                      + " AZURE_FEDERATED_TOKEN_FILE on AKS."));
        }
      } catch (CredentialFileException e) {
        problems.add(error(key.name(), key.name() + ": " + e.getMessage()));
      }
      return new Credential.ClientAssertionFile(file);
    }
    throw new IllegalStateException("unhandled credential key " + key.name());
  }

  /** A certificate file, or its uploaded content (the only form a shared definition may use). */
  private static Credential certificate(
      String value,
      Map<ParameterKey, String> values,
      boolean shared,
      List<ConnectionProblem> problems) {
    ParameterKey key = CLIENT_CERTIFICATE;
    CertificateSource source = CertificateSource.uploaded(value).orElse(null);
    if (source == null && shared) {
      problems.add(
          error(
              key.name(),
              THUMBPRINT.matcher(value).matches()
                  ? key.name()
                      + ": '"
                      + value
                      + "' looks like a certificate thumbprint (40 hex digits), not a certificate."
                      + " The connector signs with the certificate's private key, so it needs the"
                      + " file. Fix: upload the PFX/PKCS12 file, or a PEM file with the certificate"
                      + " and its private key."
                  : key.name()
                      + " is not a certificate file's content. A stored connection holds the"
                      + " content, not a path: every node uses it, and nodes do not share files."
                      + " Fix: upload the file (PFX/PKCS12, or PEM with certificate and private key)"
                      + " on the Connections page, or send its content: the PEM text, or "
                      + CertificateSource.BASE64_PREFIX
                      + " followed by the file in base64."));
      return null;
    }
    if (source == null) {
      Path file = path(key, value, problems);
      if (file == null) return null;
      source = new CertificateSource.File(file);
    }
    Optional<Secret> password =
        Optional.ofNullable(values.get(CLIENT_CERTIFICATE_PASSWORD)).map(Secret::of);
    boolean sendX5c = false;
    if (values.containsKey(SEND_X5C)) {
      String flag = values.get(SEND_X5C);
      if (flag.equalsIgnoreCase("true") || flag.equalsIgnoreCase("false")) {
        sendX5c = Boolean.parseBoolean(flag.toLowerCase(Locale.ROOT));
      } else {
        problems.add(
            error(
                SEND_X5C.name(),
                SEND_X5C.name() + ": '" + flag + "' is not a boolean. Fix: write true or false."));
      }
    }
    try {
      CertificateFile.read(source, password).checkValidAt(Instant.now());
    } catch (CredentialFileException e) {
      problems.add(error(key.name(), key.name() + ": " + e.getMessage()));
    }
    return new Credential.ClientCertificate(source, password, sendX5c);
  }

  /** A file path; a pasted certificate thumbprint or an unparsable path is reported. */
  private static Path path(ParameterKey key, String value, List<ConnectionProblem> problems) {
    Path file;
    try {
      file = Path.of(value);
    } catch (InvalidPathException e) {
      problems.add(
          error(
              key.name(),
              key.name()
                  + ": '"
                  + value
                  + "' is not a valid file path. Fix: give the file's path."));
      return null;
    }
    if (key == CLIENT_CERTIFICATE && THUMBPRINT.matcher(value).matches() && !Files.exists(file)) {
      problems.add(
          error(
              key.name(),
              key.name()
                  + ": '"
                  + value
                  + "' looks like a certificate thumbprint (40 hex digits), not a file."
                  + " The connector signs with the certificate's private key, so it needs the file."
                  + " Fix: give the path of the PFX/PKCS12 file, or of a PEM file with the"
                  + " certificate and its private key."));
      return null;
    }
    return file;
  }

  /** A secret file must be readable, and its content is checked like ClientSecret. */
  private static void readSecretFile(Path file, String clientId, List<ConnectionProblem> problems) {
    try {
      checkSecret(CLIENT_SECRET_FILE.name(), CredentialFiles.readText(file), clientId, problems);
    } catch (CredentialFileException e) {
      problems.add(
          error(CLIENT_SECRET_FILE.name(), CLIENT_SECRET_FILE.name() + ": " + e.getMessage()));
    }
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
    String withoutValue = k.endsWith("value") ? k.substring(0, k.length() - 5) : k;
    Optional<ParameterKey> exact =
        KEYS.stream().filter(p -> p.name().equalsIgnoreCase(withoutValue)).findFirst();
    if (exact.isPresent()) return exact;
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
    if (k.contains("cert") || k.contains("pfx")) {
      return Optional.of(k.contains("password") ? CLIENT_CERTIFICATE_PASSWORD : CLIENT_CERTIFICATE);
    }
    if (k.contains("secret") || k.contains("password")) return Optional.of(CLIENT_SECRET);
    if (k.contains("assertion") || k.contains("federat")) return Optional.of(CLIENT_ASSERTION_FILE);
    if (k.contains("managed") || k.contains("msi")) return Optional.of(MANAGED_IDENTITY);
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
      String key, String secret, String clientId, List<ConnectionProblem> problems) {
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
