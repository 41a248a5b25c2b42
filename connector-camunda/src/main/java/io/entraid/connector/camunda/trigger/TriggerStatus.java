package io.entraid.connector.camunda.trigger;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** What this node saw of one trigger: polls, events delivered, events no process wanted. */
public final class TriggerStatus {
  private final AtomicLong polls = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong unsubscribed = new AtomicLong();
  private final AtomicReference<Instant> lastPoll = new AtomicReference<>();
  private volatile boolean baseline;
  private volatile String lastError;

  void polled(Instant at, boolean baseline) {
    polls.incrementAndGet();
    lastPoll.set(at);
    this.baseline = baseline;
    lastError = null;
  }

  void failed(String message) {
    lastError = message;
  }

  /** Why the last poll failed, or null when it did not. */
  public String lastError() {
    return lastError;
  }

  void delivered() {
    delivered.incrementAndGet();
  }

  long unsubscribed() {
    return unsubscribed.incrementAndGet();
  }

  public long polls() {
    return polls.get();
  }

  public long deliveredCount() {
    return delivered.get();
  }

  public long unsubscribedCount() {
    return unsubscribed.get();
  }

  public Instant lastPoll() {
    return lastPoll.get();
  }

  /** Whether the last poll was (part of) a baseline, which delivers nothing. */
  public boolean inBaseline() {
    return baseline;
  }

  @Override
  public String toString() {
    return "polls="
        + polls
        + ", lastPoll="
        + lastPoll
        + ", baseline="
        + baseline
        + ", delivered="
        + delivered
        + ", unsubscribed="
        + unsubscribed
        + (lastError == null ? "" : ", lastError=" + lastError);
  }
}
