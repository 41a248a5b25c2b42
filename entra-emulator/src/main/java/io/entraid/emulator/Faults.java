package io.entraid.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run-time switches for latency, throttling and injected failures. All methods are thread-safe and
 * take effect for the next request. Percent-based decisions draw from a random generator seeded
 * with the emulator's seed, so a run is reproducible when requests arrive in the same order.
 */
public final class Faults {
  /**
   * A one-shot rule: the next {@code remaining} requests whose raw path starts with {@code
   * pathPrefix}.
   */
  record Rule(int status, String pathPrefix, int[] remaining) {
    boolean matches(String path) {
      return pathPrefix == null || pathPrefix.isEmpty() || path.startsWith(pathPrefix);
    }
  }

  private final long seed;
  private Random random;
  private volatile int latencyMs;
  private volatile int throttlePercent;
  private volatile double retryAfterSeconds = 1;
  private volatile int resourceUnitQuota;
  private volatile int errorStatus;
  private volatile int errorPercent;
  private volatile boolean unreachable;
  private volatile int tokenLifetimeSeconds = 3599;
  private final List<Rule> failRules = new ArrayList<>();
  private final List<Rule> hangRules = new ArrayList<>();
  private final List<Rule> applyThenFailRules = new ArrayList<>();
  private final AtomicLong deltaEpoch = new AtomicLong();
  private volatile int deltaExpiredStatus = 400;
  private volatile int maxDeltaPageSize = 999;
  private volatile int replicationLagMs;
  private volatile int deltaMembersPerPart = DEFAULT_DELTA_MEMBERS_PER_PART;

  /** Members per part of a large group's members@delta; Graph does not document its own size. */
  public static final int DEFAULT_DELTA_MEMBERS_PER_PART = 1000;

  private final AtomicLong resets = new AtomicLong();

  Faults(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
  }

  /** Fixed delay added to every request, in milliseconds. */
  public Faults latencyMs(int ms) {
    this.latencyMs = Math.max(0, ms);
    return this;
  }

  public int latencyMs() {
    return latencyMs;
  }

  /** Share (0-100) of Graph requests answered 429 TooManyRequests, chosen at random (seeded). */
  public Faults throttlePercent(int percent) {
    this.throttlePercent = clampPercent(percent);
    return this;
  }

  public int throttlePercent() {
    return throttlePercent;
  }

  /**
   * Retry-After seconds sent with random (throttlePercent) and injected 429s. Default 1. Fractions
   * are sent as Graph sometimes sends them, e.g. 2.128 (concepts/throttling.md).
   */
  public Faults retryAfterSeconds(double seconds) {
    this.retryAfterSeconds = Math.max(0, seconds);
    return this;
  }

  public double retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /**
   * Enables resource-unit throttling per app+tenant with this many RU per 10 seconds (Graph's
   * identity service limit is 3,500-8,000 depending on tenant size); 0 disables it.
   */
  public Faults resourceUnitQuota(int perTenSeconds) {
    this.resourceUnitQuota = Math.max(0, perTenSeconds);
    return this;
  }

  public int resourceUnitQuota() {
    return resourceUnitQuota;
  }

  /**
   * The next {@code count} requests whose raw path starts with {@code pathPrefix} (null/"" = any)
   * fail with {@code status}.
   */
  public Faults failNext(int count, int status, String pathPrefix) {
    if (count <= 0) {
      return this;
    }
    synchronized (failRules) {
      failRules.add(new Rule(status, pathPrefix, new int[] {count}));
    }
    return this;
  }

  /**
   * The next {@code count} matching requests (method and raw path prefix, e.g. "POST",
   * "/v1.0/users") are carried out and then answered with {@code status} instead of their result:
   * the gateway timeout that hides a write that succeeded, which a client must not blindly repeat.
   */
  public Faults applyThenFail(int count, int status, String method, String pathPrefix) {
    if (count > 0) {
      synchronized (applyThenFailRules) {
        applyThenFailRules.add(
            new Rule(
                status, method + " " + (pathPrefix == null ? "" : pathPrefix), new int[] {count}));
      }
    }
    return this;
  }

  /** {@code percent} of Graph requests fail with {@code status} (500, 503 or 504). */
  public Faults errorRate(int status, int percent) {
    this.errorStatus = status;
    this.errorPercent = clampPercent(percent);
    return this;
  }

  /**
   * While on, the emulator is down as a host that cannot be reached: every request, token endpoint
   * and Graph alike, has its connection closed without an answer (the client sees an I/O error,
   * never an HTTP status), as during a network outage between the engine and Microsoft.
   */
  public Faults unreachable(boolean down) {
    this.unreachable = down;
    return this;
  }

  public boolean unreachable() {
    return unreachable;
  }

  /**
   * The next {@code count} matching requests get no answer until the client gives up (released on
   * close/reset).
   */
  public Faults hangNext(int count, String pathPrefix) {
    if (count <= 0) {
      return this;
    }
    synchronized (hangRules) {
      hangRules.add(new Rule(0, pathPrefix, new int[] {count}));
    }
    return this;
  }

  /** Lifetime of newly issued access tokens ({@code expires_in}). Default 3599. */
  public Faults tokenLifetimeSeconds(int seconds) {
    this.tokenLifetimeSeconds = Math.max(1, seconds);
    return this;
  }

  public int tokenLifetimeSeconds() {
    return tokenLifetimeSeconds;
  }

  /**
   * Invalidates every delta token and deltaLink issued so far; using one answers 410 Gone (full
   * resync needed).
   */
  public Faults expireDeltaTokens() {
    deltaEpoch.incrementAndGet();
    return this;
  }

  public long deltaEpoch() {
    return deltaEpoch.get();
  }

  /**
   * How an unusable delta token is answered: 400 syncStateNotFound (default; Microsoft's statement
   * for identity resources) or 410 Gone resyncRequired with a Location (the generic
   * delta-query-overview.md form).
   */
  public Faults deltaExpiredStatus(int status) {
    if (status != 400 && status != 410) {
      throw new IllegalArgumentException("400 or 410");
    }
    this.deltaExpiredStatus = status;
    return this;
  }

  public int deltaExpiredStatus() {
    return deltaExpiredStatus;
  }

  /**
   * The most items a delta page holds whatever {@code Prefer: odata.maxpagesize} asks (default
   * 999). Microsoft does not document Graph's cap for directory delta and may apply a lower one
   * (200 is reported for users); set this to see a client cope with smaller pages than it asked
   * for.
   */
  public Faults maxDeltaPageSize(int items) {
    if (items < 1 || items > 999) {
      throw new IllegalArgumentException("1..999");
    }
    this.maxDeltaPageSize = items;
    return this;
  }

  public int maxDeltaPageSize() {
    return maxDeltaPageSize;
  }

  /**
   * Milliseconds for which a write through Graph stays invisible to reads, as on a lagging Entra ID
   * replica (see the emulator README for what each kind of read returns meanwhile). 0 (default):
   * every write is read at once.
   */
  public Faults replicationLag(int ms) {
    this.replicationLagMs = Math.max(0, ms);
    return this;
  }

  public int replicationLag() {
    return replicationLagMs;
  }

  /**
   * A group with more member changes than this comes on several delta pages, the same group on each
   * with a part of its members@delta (delta-query-groups.md "Paging through members in a large
   * group"). Default 1000; set 1 or 2 to make every small group come in parts.
   */
  public Faults deltaMembersPerPart(int members) {
    if (members < 1) {
      throw new IllegalArgumentException("at least 1");
    }
    this.deltaMembersPerPart = members;
    return this;
  }

  public int deltaMembersPerPart() {
    return deltaMembersPerPart;
  }

  /**
   * How often {@link #reset()} ran: state kept for a fault (pending replication) is dropped when
   * this changes.
   */
  public long resets() {
    return resets.get();
  }

  /**
   * Back to defaults: no latency, throttling or failures, 3599 s tokens, delta pages up to 999.
   * Issued delta tokens stay valid.
   */
  public Faults reset() {
    latencyMs = 0;
    throttlePercent = 0;
    retryAfterSeconds = 1;
    resourceUnitQuota = 0;
    errorStatus = 0;
    errorPercent = 0;
    unreachable = false;
    tokenLifetimeSeconds = 3599;
    deltaExpiredStatus = 400;
    maxDeltaPageSize = 999;
    replicationLagMs = 0;
    deltaMembersPerPart = DEFAULT_DELTA_MEMBERS_PER_PART;
    resets.incrementAndGet();
    synchronized (failRules) {
      failRules.clear();
    }
    synchronized (hangRules) {
      hangRules.clear();
    }
    synchronized (applyThenFailRules) {
      applyThenFailRules.clear();
    }
    synchronized (this) {
      random = new Random(seed);
    }
    return this;
  }

  // ---- decisions, used by the request pipeline ----

  /** Status of a one-shot failure for this path, or 0. Consumes one use of the matching rule. */
  int takeFailure(String path) {
    return Math.max(0, take(failRules, path));
  }

  /**
   * Status to answer after carrying out this request, or 0. Consumes one use of the matching rule.
   */
  int takeApplyThenFail(String method, String path) {
    return Math.max(0, take(applyThenFailRules, method + " " + path));
  }

  boolean takeHang(String path) {
    return take(hangRules, path) >= 0;
  }

  private static int take(List<Rule> rules, String path) {
    synchronized (rules) {
      for (int i = 0; i < rules.size(); i++) {
        Rule r = rules.get(i);
        if (r.matches(path)) {
          if (--r.remaining()[0] <= 0) {
            rules.remove(i);
          }
          return r.status();
        }
      }
    }
    return -1;
  }

  boolean rollThrottle() {
    int p = throttlePercent;
    return p > 0 && roll() < p;
  }

  /** Status of a random error for this request, or 0. */
  int rollError() {
    int p = errorPercent;
    return p > 0 && roll() < p ? errorStatus : 0;
  }

  private synchronized int roll() {
    return random.nextInt(100);
  }

  private static int clampPercent(int p) {
    return Math.max(0, Math.min(100, p));
  }
}
