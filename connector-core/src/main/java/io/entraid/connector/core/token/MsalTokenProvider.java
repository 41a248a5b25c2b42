package io.entraid.connector.core.token;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.ManagedIdentityApplication;
import com.microsoft.aad.msal4j.ManagedIdentityId;
import com.microsoft.aad.msal4j.ManagedIdentityParameters;
import com.microsoft.aad.msal4j.MsalError;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.TokenSource;
import io.entraid.connector.core.GraphListener;
import io.entraid.connector.core.HttpSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.MalformedURLException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * App-only tokens from MSAL4J for one connection. One MSAL application is built and reused, so
 * MSAL's token cache works; it is rebuilt (and the connection's tokens dropped) when the credential
 * file changes, checked by the file's stamp at every call, so a rotated secret or certificate is
 * used from the next token on without a restart. MSAL does not de-duplicate concurrent cache
 * misses, so the first caller on a cold (or expiring) connection fetches while the others wait for
 * its result: a burst of threads causes one token request. A valid token is handed out without
 * entering MSAL at all.
 */
public final class MsalTokenProvider implements TokenProvider {
  private static final Logger LOG = LoggerFactory.getLogger(MsalTokenProvider.class);
  private static final Pattern AADSTS = Pattern.compile("AADSTS(\\d+)");

  private final TokenSettings settings;
  private final HttpSettings http;
  private final Clock clock;
  private final Duration timeout;
  private final GraphListener listener;
  private final ReentrantLock fetching = new ReentrantLock();
  private volatile AccessToken current;
  private volatile Client client;
  private volatile CredentialFiles.Stamp refused; // a changed file that did not load

  /** One built MSAL application and what it was built from. */
  private interface Client {
    CompletableFuture<IAuthenticationResult> acquire(boolean skipCache) throws Exception;

    /** The credential file's stamp when it was read, or null for credentials not read once. */
    default CredentialFiles.Stamp stamp() {
      return null;
    }

    default Optional<Instant> notAfter() {
      return Optional.empty();
    }
  }

  public MsalTokenProvider(TokenSettings settings, HttpSettings http, GraphListener listener) {
    this.settings = settings;
    this.http = http;
    this.clock = http.clock();
    this.listener = listener;
    // MSAL retries a 5xx once after a second; leave room for both attempts.
    this.timeout = http.connectTimeout().plus(http.readTimeout()).multipliedBy(2).plusSeconds(2);
  }

  @Override
  public AccessToken token() {
    AccessToken token = current;
    if (token != null && token.usableAt(clock.instant()) && !credentialFileChanged()) {
      return token;
    }
    fetching.lock();
    try {
      if (credentialFileChanged()) reload();
      token = current;
      if (token != null && token.usableAt(clock.instant())) {
        return token;
      }
      return current = acquire(false);
    } finally {
      fetching.unlock();
    }
  }

  @Override
  public AccessToken refresh(AccessToken rejected) {
    fetching.lock();
    try {
      if (credentialFileChanged()) reload();
      AccessToken token = current;
      if (token != null && token != rejected && token.usableAt(clock.instant())) {
        return token; // another thread already replaced the rejected token
      }
      return current = acquire(true);
    } finally {
      fetching.unlock();
    }
  }

  /** A certificate credential's notAfter; empty for other kinds or an unreadable file. */
  @Override
  public Optional<Instant> credentialNotAfter() {
    if (!(settings.credential() instanceof Credential.ClientCertificate)) return Optional.empty();
    fetching.lock();
    try {
      if (credentialFileChanged()) reload();
      return client().notAfter();
    } catch (TokenAcquisitionException e) {
      return Optional.empty();
    } finally {
      fetching.unlock();
    }
  }

  /** Whether the secret or certificate file differs from the one the client was built from. */
  private boolean credentialFileChanged() {
    Client c = client;
    if (c == null || c.stamp() == null) return false;
    CredentialFiles.Stamp now = CredentialFiles.stamp(settings.credential().sourceFile().get());
    // A file that is briefly missing (being replaced) is no change: the old credential stays.
    return now != null && !now.equals(c.stamp()) && !now.equals(refused);
  }

  /** Called under the lock: reads the changed file; a file that does not load is ignored. */
  private void reload() {
    CredentialFiles.Stamp stamp = CredentialFiles.stamp(settings.credential().sourceFile().get());
    try {
      client = build(stamp);
      current = null;
      LOG.info(
          "Connection '{}': the credential file changed; new tokens use the new credential",
          settings.connection());
    } catch (CredentialFileException e) {
      refused = stamp;
      LOG.warn(
          "ENTRAID-05001 Connection '{}': the credential file changed but cannot be used, so the previous credential stays in use: {}",
          settings.connection(),
          e.getMessage());
    }
  }

  /** Called under the lock. */
  private Client client() {
    Client c = client;
    if (c != null) return c;
    CredentialFiles.Stamp stamp =
        settings.credential().sourceFile().map(CredentialFiles::stamp).orElse(null);
    try {
      return client = build(stamp);
    } catch (CredentialFileException e) {
      throw failure(Diagnosis.CREDENTIAL_FILE_UNUSABLE, detail(e), e);
    }
  }

  private Client build(CredentialFiles.Stamp stamp) throws CredentialFileException {
    Credential credential = settings.credential();
    if (credential instanceof Credential.ManagedIdentity mi) {
      return managedIdentity(mi);
    }
    IClientCredential msalCredential;
    Optional<Instant> notAfter = Optional.empty();
    boolean sendX5c = false;
    boolean rotates = false;
    if (credential instanceof Credential.ClientSecret secret) {
      msalCredential = ClientCredentialFactory.createFromSecret(secret.value().reveal());
    } else if (credential instanceof Credential.ClientSecretFile file) {
      msalCredential =
          ClientCredentialFactory.createFromSecret(CredentialFiles.readText(file.file()));
      rotates = true;
    } else if (credential instanceof Credential.ClientCertificate cert) {
      CertificateFile read = CertificateFile.read(cert.source(), cert.password());
      read.checkValidAt(clock.instant());
      msalCredential =
          ClientCredentialFactory.createFromCertificateChain(read.privateKey(), read.chain());
      notAfter = Optional.of(read.notAfter());
      sendX5c = cert.sendX5c();
      rotates = cert.source() instanceof CertificateSource.File; // uploaded content never changes
    } else {
      Path file = ((Credential.ClientAssertionFile) credential).file();
      // Called by MSAL for every token request: the federated token in the file rotates.
      msalCredential =
          ClientCredentialFactory.createFromCallback(() -> CredentialFiles.readText(file));
    }
    ConfidentialClientApplication app = confidential(msalCredential, sendX5c);
    CredentialFiles.Stamp builtFrom = rotates ? stamp : null;
    Optional<Instant> expiry = notAfter;
    return new Client() {
      @Override
      public CompletableFuture<IAuthenticationResult> acquire(boolean skipCache) {
        return app.acquireToken(
            ClientCredentialParameters.builder(Set.of(settings.scope()))
                .skipCache(skipCache)
                .build());
      }

      @Override
      public CredentialFiles.Stamp stamp() {
        return builtFrom;
      }

      @Override
      public Optional<Instant> notAfter() {
        return expiry;
      }
    };
  }

  private ConfidentialClientApplication confidential(
      IClientCredential credential, boolean sendX5c) {
    try {
      ConfidentialClientApplication.Builder builder =
          ConfidentialClientApplication.builder(settings.clientId(), credential)
              .authority(settings.authority())
              // Instance discovery asks login.microsoftonline.com about the host: useless (and
              // unreachable) for an emulator or proxy.
              .instanceDiscovery(!settings.customEndpoints())
              .sendX5c(sendX5c)
              .connectTimeoutForDefaultHttpClient((int) http.connectTimeout().toMillis())
              .readTimeoutForDefaultHttpClient((int) http.readTimeout().toMillis())
              .logPii(false);
      SSLContext sslContext = http.sslContext();
      if (sslContext != null) {
        builder.sslSocketFactory(sslContext.getSocketFactory());
      }
      return builder.build();
    } catch (MalformedURLException e) {
      // Validation guarantees a well-formed https authority; this would be a bug.
      throw new IllegalStateException(
          "Authority of connection '" + settings.connection() + "' is malformed", e);
    }
  }

  /**
   * MSAL finds the identity endpoint in the process environment (IDENTITY_ENDPOINT and
   * IDENTITY_HEADER on App Service and Functions, otherwise the VM's instance metadata service).
   */
  private Client managedIdentity(Credential.ManagedIdentity mi) {
    ManagedIdentityApplication app =
        ManagedIdentityApplication.builder(
                mi.clientId()
                    .map(ManagedIdentityId::userAssignedClientId)
                    .orElseGet(ManagedIdentityId::systemAssigned))
            .connectTimeoutForDefaultHttpClient((int) http.connectTimeout().toMillis())
            .readTimeoutForDefaultHttpClient((int) http.readTimeout().toMillis())
            .logPii(false)
            .build();
    String resource = settings.graphEndpoint().toString();
    return skipCache ->
        app.acquireTokenForManagedIdentity(
            ManagedIdentityParameters.builder(resource).forceRefresh(skipCache).build());
  }

  private AccessToken acquire(boolean skipCache) {
    Client c = client();
    Instant requestedAt = clock.instant();
    try {
      IAuthenticationResult result =
          c.acquire(skipCache).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      boolean fromNetwork =
          result.metadata() == null || result.metadata().tokenSource() != TokenSource.CACHE;
      listener.onTokenAcquired(settings.connection(), fromNetwork);
      LOG.debug(
          "Connection '{}': token from {} valid until {}",
          settings.connection(),
          fromNetwork ? "Entra ID" : "MSAL's cache",
          result.expiresOnDate().toInstant());
      return new AccessToken(result.accessToken(), requestedAt, result.expiresOnDate().toInstant());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(Diagnosis.HOST_UNREACHABLE, "Interrupted while waiting for " + host() + ".", e);
    } catch (TimeoutException e) {
      throw failure(
          unreachable(), host() + " did not answer within " + timeout.toSeconds() + " s.", e);
    } catch (ExecutionException | CompletionException e) {
      throw translate(e.getCause() == null ? e : e.getCause());
    } catch (Exception e) {
      throw translate(e);
    }
  }

  /** Maps an MSAL or network failure to the diagnosis a user can act on. */
  TokenAcquisitionException translate(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CredentialFileException file) {
        return failure(Diagnosis.CREDENTIAL_FILE_UNUSABLE, detail(file), failure);
      }
    }
    if (failure instanceof MsalServiceException service
        && MsalError.MANAGED_IDENTITY_UNREACHABLE_NETWORK.equals(service.errorCode())) {
      return failure(
          Diagnosis.MANAGED_IDENTITY_UNAVAILABLE, firstLine(service.getMessage()), failure);
    }
    if (failure instanceof MsalServiceException service) {
      int status = service.statusCode() == null ? 0 : service.statusCode();
      int code = aadstsCode(service.getMessage());
      Diagnosis diagnosis =
          status == 429
              ? Diagnosis.THROTTLED
              : Diagnosis.forAadstsCode(code).orElse(Diagnosis.TOKEN_REQUEST_FAILED);
      String detail =
          diagnosis == Diagnosis.TOKEN_REQUEST_FAILED ? firstLine(service.getMessage()) : null;
      return new TokenAcquisitionException(
          settings.connection(),
          diagnosis,
          detail,
          service.errorCode(),
          code,
          service.correlationId(),
          status,
          service);
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UnknownHostException) {
        return failure(
            unreachable(), "The host name " + host() + " could not be resolved.", failure);
      }
      if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        return failure(unreachable(), "The connection to " + host() + " was refused.", failure);
      }
      if (t instanceof SocketTimeoutException) {
        return failure(unreachable(), host() + " did not answer in time.", failure);
      }
      if (t instanceof SSLException && isCertificateProblem(t)) {
        return failure(Diagnosis.TLS_UNTRUSTED, "Host " + host() + ": " + t.getMessage(), failure);
      }
      if (t instanceof IOException) {
        return failure(
            unreachable(), "The connection to " + host() + " failed: " + t.getMessage(), failure);
      }
    }
    return failure(
        Diagnosis.TOKEN_REQUEST_FAILED,
        failure.getClass().getSimpleName() + ": " + firstLine(failure.getMessage()),
        failure);
  }

  /**
   * A handshake the peer broke off is a network problem; only an unverifiable certificate is a
   * trust problem.
   */
  public static boolean isCertificateProblem(Throwable sslFailure) {
    for (Throwable t = sslFailure; t != null; t = t.getCause()) {
      if (t instanceof CertificateException || t instanceof SSLPeerUnverifiedException) {
        return true;
      }
    }
    String message = String.valueOf(sslFailure.getMessage());
    return message.contains("PKIX") || message.contains("certificate");
  }

  private TokenAcquisitionException failure(Diagnosis diagnosis, String detail, Throwable cause) {
    return new TokenAcquisitionException(
        settings.connection(), diagnosis, detail, null, 0, null, 0, cause);
  }

  private String host() {
    return managedIdentity()
        ? "the managed identity endpoint"
        : settings.authorityHost().getAuthority();
  }

  private boolean managedIdentity() {
    return settings.credential() instanceof Credential.ManagedIdentity;
  }

  private Diagnosis unreachable() {
    return managedIdentity() ? Diagnosis.MANAGED_IDENTITY_UNAVAILABLE : Diagnosis.HOST_UNREACHABLE;
  }

  private static String detail(CredentialFileException e) {
    return e.problem() + " " + Character.toUpperCase(e.fix().charAt(0)) + e.fix().substring(1);
  }

  static int aadstsCode(String description) {
    if (description == null) return 0;
    Matcher m = AADSTS.matcher(description);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static String firstLine(String text) {
    if (text == null) return null;
    int end = text.indexOf('\r') >= 0 ? text.indexOf('\r') : text.indexOf('\n');
    return end >= 0 ? text.substring(0, end) : text;
  }
}
