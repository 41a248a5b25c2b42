package io.entraid.connector.core.token;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
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
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
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
 * App-only tokens from MSAL4J for one connection. One {@link ConfidentialClientApplication} is
 * built once and reused, so MSAL's token cache works. MSAL does not de-duplicate concurrent cache
 * misses, so the first caller on a cold (or expiring) connection fetches while the others wait for
 * its result: a burst of threads causes one token request. A valid token is handed out without
 * entering MSAL at all.
 */
public final class MsalTokenProvider implements TokenProvider {
  private static final Logger LOG = LoggerFactory.getLogger(MsalTokenProvider.class);
  private static final Pattern AADSTS = Pattern.compile("AADSTS(\\d+)");

  private final TokenSettings settings;
  private final ConfidentialClientApplication app;
  private final Clock clock;
  private final Duration timeout;
  private final GraphListener listener;
  private final ReentrantLock fetching = new ReentrantLock();
  private volatile AccessToken current;

  public MsalTokenProvider(TokenSettings settings, HttpSettings http, GraphListener listener) {
    this.settings = settings;
    this.clock = http.clock();
    this.listener = listener;
    Duration connectTimeout = http.connectTimeout();
    Duration readTimeout = http.readTimeout();
    SSLContext sslContext = http.sslContext();
    // MSAL retries a 5xx once after a second; leave room for both attempts.
    this.timeout = connectTimeout.plus(readTimeout).multipliedBy(2).plusSeconds(2);
    try {
      ConfidentialClientApplication.Builder builder =
          ConfidentialClientApplication.builder(
                  settings.clientId(),
                  ClientCredentialFactory.createFromSecret(settings.clientSecret().reveal()))
              .authority(settings.authority())
              // Instance discovery asks login.microsoftonline.com about the host: useless (and
              // unreachable)
              // for an emulator or proxy.
              .instanceDiscovery(!settings.customEndpoints())
              .connectTimeoutForDefaultHttpClient((int) connectTimeout.toMillis())
              .readTimeoutForDefaultHttpClient((int) readTimeout.toMillis())
              .logPii(false);
      if (sslContext != null) {
        builder.sslSocketFactory(sslContext.getSocketFactory());
      }
      this.app = builder.build();
    } catch (MalformedURLException e) {
      // Validation guarantees a well-formed https authority; this would be a bug.
      throw new IllegalStateException(
          "Authority of connection '" + settings.connection() + "' is malformed", e);
    }
  }

  @Override
  public AccessToken token() {
    AccessToken token = current;
    if (token != null && token.usableAt(clock.instant())) {
      return token;
    }
    fetching.lock();
    try {
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
      AccessToken token = current;
      if (token != null && token != rejected && token.usableAt(clock.instant())) {
        return token; // another thread already replaced the rejected token
      }
      return current = acquire(true);
    } finally {
      fetching.unlock();
    }
  }

  private AccessToken acquire(boolean skipCache) {
    ClientCredentialParameters parameters =
        ClientCredentialParameters.builder(Set.of(settings.scope())).skipCache(skipCache).build();
    Instant requestedAt = clock.instant();
    try {
      IAuthenticationResult result =
          app.acquireToken(parameters).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
          Diagnosis.HOST_UNREACHABLE,
          host() + " did not answer within " + timeout.toSeconds() + " s.",
          e);
    } catch (ExecutionException | CompletionException e) {
      throw translate(e.getCause() == null ? e : e.getCause());
    } catch (RuntimeException e) {
      throw translate(e);
    }
  }

  /** Maps an MSAL or network failure to the diagnosis a user can act on. */
  TokenAcquisitionException translate(Throwable failure) {
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
            Diagnosis.HOST_UNREACHABLE,
            "The host name " + host() + " could not be resolved.",
            failure);
      }
      if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        return failure(
            Diagnosis.HOST_UNREACHABLE, "The connection to " + host() + " was refused.", failure);
      }
      if (t instanceof SocketTimeoutException) {
        return failure(Diagnosis.HOST_UNREACHABLE, host() + " did not answer in time.", failure);
      }
      if (t instanceof SSLException && isCertificateProblem(t)) {
        return failure(Diagnosis.TLS_UNTRUSTED, "Host " + host() + ": " + t.getMessage(), failure);
      }
      if (t instanceof IOException) {
        return failure(
            Diagnosis.HOST_UNREACHABLE,
            "The connection to " + host() + " failed: " + t.getMessage(),
            failure);
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
    return settings.authorityHost().getAuthority();
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
