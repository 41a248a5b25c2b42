package io.entraid.emulator;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An app registration (application + its service principal) in one tenant: client id, client
 * secrets, granted Graph application roles (app roles) and whether an administrator consented to
 * them.
 */
public final class AppRegistration {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String SECRET_CHARS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.~";

  /**
   * A client secret: Entra shows the ID (a GUID) and, once, the Value; only the Value
   * authenticates. Graph lists it as a passwordCredential (passwordcredential.md): keyId, hint (the
   * Value's first three characters), startDateTime, endDateTime.
   */
  public record Secret(String id, String value, Instant expiresAt, Instant startsAt) {
    public boolean expired(Instant now) {
      return expiresAt != null && !expiresAt.isAfter(now);
    }

    /** The first three characters of the Value, as Graph's {@code hint} shows them. */
    public String hint() {
      return value.substring(0, 3);
    }

    @Override
    public String toString() {
      return "Secret[id=" + id + ", expiresAt=" + expiresAt + "]"; // never print the value
    }
  }

  /**
   * A certificate credential (keyCredentials of the application resource): its public part only,
   * found by the thumbprints a client assertion names in {@code x5t} (SHA-1) or {@code x5t#S256}.
   */
  public record KeyCredential(String keyId, X509Certificate certificate) {
    public String x5t() {
      return thumbprint("SHA-1");
    }

    public String x5tS256() {
      return thumbprint("SHA-256");
    }

    private String thumbprint(String algorithm) {
      try {
        return java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                java.security.MessageDigest.getInstance(algorithm)
                    .digest(certificate.getEncoded()));
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * A federated identity credential (federatedIdentityCredential resource type): tokens from {@code
   * issuer} about {@code subject} for one of the audiences are accepted as this app's client
   * assertion. Matching is case-sensitive.
   */
  public record FederatedCredential(
      String id, String name, String issuer, String subject, List<String> audiences) {}

  /** The audience Entra recommends for federated credentials (workload-identity-federation.md). */
  public static final String TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

  private final Tenant tenant;
  private final String clientId;
  private final String servicePrincipalId;
  private final String displayName;
  private final List<Secret> secrets = new CopyOnWriteArrayList<>();
  private final List<KeyCredential> certificates = new CopyOnWriteArrayList<>();
  private final List<FederatedCredential> federated = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> issuedWith = new ConcurrentHashMap<>();
  private volatile boolean adminConsent = true;
  private volatile Set<String> roles;

  AppRegistration(
      Tenant tenant,
      String clientId,
      String servicePrincipalId,
      String displayName,
      Set<String> roles) {
    this.tenant = tenant;
    this.clientId = clientId;
    this.servicePrincipalId = servicePrincipalId;
    this.displayName = displayName;
    this.roles = Set.copyOf(roles);
  }

  public Tenant tenant() {
    return tenant;
  }

  public String clientId() {
    return clientId;
  }

  /**
   * Object id of the application object ({@code GET /applications/{id}}); derived from the client
   * id, so seeded ids stay as they were.
   */
  public String objectId() {
    return UUID.nameUUIDFromBytes(("application:" + clientId).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /** Object id of the app's service principal: the {@code oid}/{@code sub} of its tokens. */
  public String servicePrincipalId() {
    return servicePrincipalId;
  }

  public String displayName() {
    return displayName;
  }

  /** The first secret (created with the app). */
  public Secret secret() {
    return secrets.get(0);
  }

  public List<Secret> secrets() {
    return List.copyOf(secrets);
  }

  /**
   * Adds a secret expiring at {@code expiresAt} (null: never; a past instant makes an already
   * expired one).
   */
  public Secret addSecret(Instant expiresAt) {
    Secret s = new Secret(Ids.randomGuid(), newSecretValue(), expiresAt, Instant.now());
    secrets.add(s);
    return s;
  }

  /**
   * Sets when the secret {@code secretId} expires (its passwordCredential's endDateTime), e.g. in
   * ten days to see the connector's expiry warning, or in the past for AADSTS7000222.
   *
   * @return the secret as it is now
   */
  public Secret expireSecretAt(String secretId, Instant endDateTime) {
    Secret old =
        findById(secretId)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "App " + clientId + " has no secret with ID " + secretId));
    Secret changed = new Secret(old.id(), old.value(), endDateTime, old.startsAt());
    secrets.replaceAll(s -> s == old ? changed : s);
    return changed;
  }

  public boolean removeSecret(String secretId) {
    return secrets.removeIf(s -> s.id().equals(secretId));
  }

  Optional<Secret> findByValue(String value) {
    return secrets.stream().filter(s -> s.value().equals(value)).findFirst();
  }

  Optional<Secret> findById(String id) {
    return secrets.stream().filter(s -> s.id().equalsIgnoreCase(id)).findFirst();
  }

  /** Uploads a certificate's public part (Certificates & secrets > Certificates). */
  public KeyCredential addCertificate(X509Certificate certificate) {
    KeyCredential k = new KeyCredential(Ids.randomGuid(), certificate);
    certificates.add(k);
    return k;
  }

  public boolean removeCertificate(String keyId) {
    return certificates.removeIf(k -> k.keyId().equals(keyId));
  }

  public List<KeyCredential> certificates() {
    return List.copyOf(certificates);
  }

  /**
   * The certificate a thumbprint header names. MSAL4J 1.26 sends {@code x5t#S256} in standard
   * base64 (with padding) rather than base64url, and Entra accepts it, so both spellings match.
   */
  Optional<KeyCredential> findCertificate(String x5t, String x5tS256) {
    String sha1 = base64url(x5t);
    String sha256 = base64url(x5tS256);
    return certificates.stream()
        .filter(k -> k.x5t().equals(sha1) || k.x5tS256().equals(sha256))
        .findFirst();
  }

  private static String base64url(String value) {
    return value == null ? null : value.replace('+', '-').replace('/', '_').replaceAll("=+$", "");
  }

  /** Adds a federated credential with the audience api://AzureADTokenExchange. */
  public FederatedCredential addFederatedCredential(String name, String issuer, String subject) {
    FederatedCredential f =
        new FederatedCredential(
            Ids.randomGuid(), name, issuer, subject, List.of(TOKEN_EXCHANGE_AUDIENCE));
    federated.add(f);
    return f;
  }

  public List<FederatedCredential> federatedCredentials() {
    return List.copyOf(federated);
  }

  /** Counts a token issued with the credential (secret, certificate or federated) of that id. */
  void issued(String credentialId) {
    issuedWith.computeIfAbsent(credentialId, k -> new AtomicInteger()).incrementAndGet();
  }

  /**
   * Tokens issued with one credential: a secret's id, a certificate's keyId or a federated
   * credential's id; shows which credential a client used, e.g. across a rotation.
   */
  public int tokensIssuedWith(String credentialId) {
    AtomicInteger n = issuedWith.get(credentialId);
    return n == null ? 0 : n.get();
  }

  public boolean adminConsent() {
    return adminConsent;
  }

  /** Without admin consent, tokens carry no {@code roles} claim (Graph then answers 403). */
  public AppRegistration adminConsent(boolean granted) {
    this.adminConsent = granted;
    return this;
  }

  public Set<String> roles() {
    return roles;
  }

  /** Replaces the granted application roles; tokens issued afterwards carry the new set. */
  public AppRegistration roles(Set<String> newRoles) {
    this.roles = Set.copyOf(Objects.requireNonNull(newRoles));
    return this;
  }

  /** Roles as they appear in a token: empty when consent is missing. */
  Set<String> effectiveRoles() {
    return adminConsent ? roles : Set.of();
  }

  /** Entra-like secret values: 40 characters with the "8Q~" style marker at position 3. */
  private static String newSecretValue() {
    StringBuilder sb = new StringBuilder(40);
    for (int i = 0; i < 40; i++) {
      sb.append(SECRET_CHARS.charAt(RANDOM.nextInt(SECRET_CHARS.length())));
    }
    sb.replace(3, 6, "8Q~");
    return sb.toString();
  }

  @Override
  public String toString() {
    return "AppRegistration[" + displayName + ", clientId=" + clientId + "]";
  }
}
