package io.entraid.connector.core.connection;

import com.fasterxml.jackson.databind.JsonNode;
import io.entraid.connector.core.Secret;
import io.entraid.connector.core.connection.CredentialExpiry.Source;
import io.entraid.connector.core.connection.CredentialExpiry.Status;
import io.entraid.connector.core.graph.GraphClient;
import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.graph.GraphPath;
import io.entraid.connector.core.graph.GraphRequest;
import io.entraid.connector.core.token.Credential;
import io.entraid.connector.core.token.CredentialFileException;
import io.entraid.connector.core.token.CredentialFiles;
import io.entraid.connector.core.token.Diagnosis;
import io.entraid.connector.core.token.TokenProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells when one connection's credential expires. A certificate's end date comes from the token
 * provider ({@link TokenProvider#credentialNotAfter()}); a client secret's only Entra ID knows, so
 * it is read from Graph's {@code GET /applications(appId='{ClientID}')?$select=passwordCredentials}
 * when the connection opts in ({@link CredentialExpiryCheck#GRAPH}), at most once per cache period.
 * Graph never returns a secret's value, only its first three characters ({@code hint}): the secret
 * whose hint matches the configured one is taken; when none or several match, the soonest end date
 * of the candidates is reported and marked ambiguous. From the warning period on, a coded warning
 * is logged at most once a day.
 */
public final class CredentialExpiryMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(CredentialExpiryMonitor.class);
  private static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(15);
  private static final Duration WARN_EVERY = Duration.ofDays(1);
  private static final String OPERATION = "credentialExpiry";

  /** What Graph said (or why it said nothing) about the secret, and until when to reuse it. */
  private record Lookup(
      Instant notAfter, boolean ambiguous, String detail, Instant at, Duration ttl) {
    boolean freshAt(Instant now) {
      return now.isBefore(at.plus(ttl));
    }
  }

  private final String connection;
  private final String clientId;

  /** The configured secret (inline, or read from its file when asked); null for other kinds. */
  private final Supplier<Secret> secret;

  private final TokenProvider tokens;
  private final GraphClient graph;
  private final CredentialExpiryOptions options;
  private final Clock clock;
  private final ReentrantLock fetching = new ReentrantLock();
  private volatile Lookup latest;
  private volatile Lookup lastDated;
  private final AtomicReference<Instant> lastWarning = new AtomicReference<>();

  /**
   * @param graph the connection's Graph client, or null when it has none (then Graph is never
   *     asked)
   */
  public CredentialExpiryMonitor(
      EntraIdSettings settings,
      TokenProvider tokens,
      GraphClient graph,
      CredentialExpiryOptions options,
      Clock clock) {
    this.connection = settings.name();
    this.clientId = settings.clientId();
    this.secret = secretOf(settings.credential());
    this.tokens = tokens;
    this.graph = graph;
    this.options = options;
    this.clock = clock;
  }

  /**
   * The expiry now, asking Graph when the connection opted in and the cached answer is older than
   * the cache period; logs the daily warning when it is due.
   */
  public CredentialExpiry current() {
    CredentialExpiry expiry = evaluate(true);
    warnIfDue(expiry);
    return expiry;
  }

  /** The expiry as last known, without any Graph request (e.g. after a failed sign-in). */
  public CredentialExpiry lastKnown() {
    return evaluate(false);
  }

  /**
   * Logs the daily warning when it is due; for callers that use the connection (tasks), so engines
   * without health checks or metrics warn too. Asks Graph only when the cached answer is older than
   * the cache period, and never throws: a failed lookup is logged.
   */
  public void remind() {
    try {
      current();
    } catch (RuntimeException e) {
      LOG.warn(
          "ENTRAID-05053 Connection '{}': checking when its credential expires failed: {}",
          connection,
          e.toString());
    }
  }

  private static Supplier<Secret> secretOf(Credential credential) {
    if (credential instanceof Credential.ClientSecret inline) return inline::value;
    if (credential instanceof Credential.ClientSecretFile file)
      return () -> {
        try {
          return Secret.of(CredentialFiles.readText(file.file()));
        } catch (CredentialFileException e) {
          throw new IllegalStateException(e.getMessage(), e);
        }
      };
    return null;
  }

  private CredentialExpiry evaluate(boolean mayAskGraph) {
    Instant now = clock.instant();
    Optional<Instant> local = tokens.credentialNotAfter();
    if (local.isPresent()) {
      return dated(local.get(), Source.CREDENTIAL, false, null, now);
    }
    if (secret == null) {
      return unknown(
          "This connection's credential has no end date the connector can read (no client secret,"
              + " no certificate).");
    }
    if (options.check() == CredentialExpiryCheck.OFF || graph == null) {
      return unknown(
          "Expiry unknown: only Entra ID knows when a client secret expires, and reading it from"
              + " Microsoft Graph is off for connection '"
              + connection
              + "'. Fix: to see it, grant the app the Application permission "
              + CredentialExpiryCheck.PERMISSION
              + " (with admin consent) and set credential-expiry-check: graph for this connection;"
              + " or look up the end date under Certificates & secrets.");
    }
    Lookup lookup = mayAskGraph ? fresh(now) : latest;
    if (lookup != null && lookup.notAfter() != null) {
      return dated(lookup.notAfter(), Source.GRAPH, lookup.ambiguous(), lookup.detail(), now);
    }
    Lookup dated = lastDated;
    if (dated != null) {
      String failed = lookup == null ? null : "The latest lookup failed: " + lookup.detail();
      return dated(dated.notAfter(), Source.GRAPH, dated.ambiguous(), failed, now);
    }
    return unknown(
        lookup == null
            ? "Expiry not read yet: it is read from Microsoft Graph by the connection test, the"
                + " health check or the metrics."
            : lookup.detail());
  }

  private Lookup fresh(Instant now) {
    Lookup lookup = latest;
    if (lookup != null && lookup.freshAt(now)) return lookup;
    fetching.lock();
    try {
      lookup = latest;
      if (lookup != null && lookup.freshAt(now)) return lookup;
      lookup = fetch(now);
      latest = lookup;
      if (lookup.notAfter() != null) lastDated = lookup;
      return lookup;
    } finally {
      fetching.unlock();
    }
  }

  private Lookup fetch(Instant now) {
    try {
      JsonNode body =
          graph
              .background()
              .send(
                  GraphRequest.get(GraphPath.of("applications").alternateKey("appId", clientId))
                      .withQuery("$select", "passwordCredentials")
                      .forOperation(OPERATION))
              .body();
      return choose(body.path("passwordCredentials"), now);
    } catch (GraphException e) {
      String detail =
          e.category() == GraphErrorCategory.PERMISSION_DENIED
              ? "Expiry unknown: Microsoft Graph refused to read the app registration (403): the app"
                  + " lacks the Application permission "
                  + CredentialExpiryCheck.PERMISSION
                  + ". Fix: grant it with admin consent, or set credential-expiry-check: off for"
                  + " this connection."
              : "Expiry unknown: reading it from Microsoft Graph failed: " + e.getMessage();
      LOG.warn("ENTRAID-05052 Connection '{}': {}", connection, detail);
      Duration ttl =
          e.category() == GraphErrorCategory.PERMISSION_DENIED
              ? options.cacheTtl()
              : min(RETRY_AFTER_FAILURE, options.cacheTtl());
      return new Lookup(null, false, detail, now, ttl);
    }
  }

  /** The configured secret's entry among the app's passwordCredentials (passwordcredential.md). */
  private Lookup choose(JsonNode credentials, Instant now) {
    record Candidate(String keyId, String hint, Instant endDateTime) {}
    List<Candidate> all = new ArrayList<>();
    for (JsonNode c : credentials) {
      try {
        all.add(
            new Candidate(
                c.path("keyId").asText(null),
                c.path("hint").asText(null),
                Instant.parse(c.path("endDateTime").asText())));
      } catch (DateTimeParseException e) {
        // no end date: this secret does not expire and cannot be the reason for a warning
      }
    }
    if (all.isEmpty()) {
      return new Lookup(
          null,
          false,
          "Expiry unknown: Microsoft Graph lists no client secret with an end date for this app"
              + " registration.",
          now,
          options.cacheTtl());
    }
    String value = secret.get().reveal();
    String hint = value.length() >= 3 ? value.substring(0, 3) : null;
    List<Candidate> matching =
        all.stream().filter(c -> hint != null && hint.equals(c.hint())).toList();
    List<Candidate> candidates = matching.isEmpty() ? all : matching;
    Candidate soonest =
        candidates.stream().min(Comparator.comparing(Candidate::endDateTime)).orElseThrow();
    String detail;
    if (candidates.size() == 1) {
      detail = "Client secret keyId " + soonest.keyId() + ".";
    } else {
      detail =
          "The app registration has "
              + all.size()
              + " client secrets and "
              + (matching.isEmpty() ? "none" : matching.size())
              + " of them begin with the same three characters as the configured one, so the one in"
              + " use cannot be told apart; this is the soonest end date of "
              + (matching.isEmpty() ? "all of them" : "those")
              + " (keyId "
              + soonest.keyId()
              + ").";
    }
    return new Lookup(
        soonest.endDateTime(), candidates.size() > 1, detail, now, options.cacheTtl());
  }

  private CredentialExpiry dated(
      Instant notAfter, Source source, boolean ambiguous, String detail, Instant now) {
    Duration left = Duration.between(now, notAfter);
    long days = (long) Math.ceil(left.getSeconds() / 86400.0);
    Status status =
        (left.isNegative() || left.isZero())
            ? Status.EXPIRED
            : left.compareTo(options.warning()) <= 0 ? Status.EXPIRING : Status.OK;
    boolean certificate = source == Source.CREDENTIAL;
    StringBuilder message =
        new StringBuilder(certificate ? "The client certificate" : "The client secret")
            .append(" of connection '")
            .append(connection)
            .append(status == Status.EXPIRED ? "' expired on " : "' expires on ")
            .append(notAfter.truncatedTo(ChronoUnit.SECONDS))
            .append(
                status == Status.EXPIRED ? "" : " (in " + days + (days == 1 ? " day)" : " days)"))
            .append(certificate ? "." : ", according to Microsoft Graph.");
    if (detail != null) message.append(' ').append(detail);
    if (status != Status.OK) {
      message
          .append(" Fix: ")
          .append((certificate ? Diagnosis.EXPIRED_CERTIFICATE : Diagnosis.EXPIRED_SECRET).fix());
    }
    return new CredentialExpiry(status, notAfter, days, source, ambiguous, message.toString());
  }

  private static CredentialExpiry unknown(String why) {
    return new CredentialExpiry(Status.UNKNOWN, null, null, Source.NONE, false, why);
  }

  private void warnIfDue(CredentialExpiry expiry) {
    if (expiry.status() != Status.EXPIRING && expiry.status() != Status.EXPIRED) return;
    Instant now = clock.instant();
    Instant last = lastWarning.get();
    if (last != null && now.isBefore(last.plus(WARN_EVERY))) return;
    if (!lastWarning.compareAndSet(last, now)) return; // another thread logs it
    if (expiry.status() == Status.EXPIRED) {
      LOG.warn("ENTRAID-05051 {}", expiry.message());
    } else {
      LOG.warn("ENTRAID-05050 {}", expiry.message());
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
