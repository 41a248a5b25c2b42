package io.entraid.connector.camunda.sync;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;

/**
 * How directory syncs share a node and a cluster.
 *
 * @param maxConcurrentRuns syncs this node runs at once; more end at once with a skipped report
 *     (default 2)
 * @param leaseDuration how long a run's lease lasts unless renewed (each commit renews it): a node
 *     that died blocks the connection's sync for at most this long (default 5 minutes; keep it well
 *     above the Graph deadline, since one Graph call with its retries may come between two
 *     renewals)
 * @param nodeName how this node is named in a lease and in the report of a run that found it held
 *     (default {@code pid@host})
 * @param clock the time leases are measured by
 */
public record SyncSettings(
    int maxConcurrentRuns, Duration leaseDuration, String nodeName, Clock clock) {
  public static final int DEFAULT_MAX_CONCURRENT_RUNS = 2;
  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofMinutes(5);

  public SyncSettings {
    if (leaseDuration == null || leaseDuration.compareTo(Duration.ofSeconds(10)) < 0) {
      throw new IllegalArgumentException(
          "sync lease-duration must be at least 10 seconds, was "
              + leaseDuration
              + "; fix: set it above the Graph deadline (default 5 minutes)");
    }
    nodeName = nodeName == null || nodeName.isBlank() ? defaultNodeName() : nodeName.strip();
    if (clock == null) clock = Clock.systemUTC();
  }

  public static SyncSettings defaults() {
    return new SyncSettings(DEFAULT_MAX_CONCURRENT_RUNS, DEFAULT_LEASE_DURATION, null, null);
  }

  /** The JVM's {@code pid@host}. */
  public static String defaultNodeName() {
    return ManagementFactory.getRuntimeMXBean().getName();
  }

  public SyncSettings withClock(Clock value) {
    return new SyncSettings(maxConcurrentRuns, leaseDuration, nodeName, value);
  }
}
