package io.entraid.connector.core.trigger;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * One trigger's feed state, kept where the engine keeps its own (a cluster's nodes share it): its
 * delta positions, the last seen values of the objects it follows, and the ids of the events it
 * delivered in the current round. Every call joins the caller's transaction, so a page's events,
 * values and position commit together.
 */
public interface FeedStore {
  Optional<String> get(String key);

  void put(String key, String value);

  void remove(String key);

  /**
   * Locks the entry {@code key} until the transaction ends, so that polls of one trigger running at
   * once (a job re-run after its lock ran out) take turns.
   */
  void lock(String key);

  /** The stored values of these objects (users or groups), by object id; absent ones left out. */
  Map<String, String> snapshots(Collection<String> objectIds);

  /**
   * Stores an object's values.
   *
   * @param known whether {@link #snapshots} returned values for it in this transaction (an update),
   *     or not (an insert)
   */
  void putSnapshot(String objectId, String values, boolean known);

  void removeSnapshot(String objectId);

  /**
   * Records that an event was delivered in {@code round}; false when it already was (then it is not
   * delivered again).
   */
  boolean markDelivered(String eventId, String round);

  /**
   * Forgets the delivered events of the rounds whose id starts with {@code prefix}, except those of
   * round {@code keep}: called as a round ends, it keeps the ids of the round just read, so a late
   * second reader of that round (another node whose lock ran out) cannot deliver them again.
   */
  void forgetRoundsExcept(String prefix, String keep);

  /** Forgets everything: positions, values and delivered events (a new baseline follows). */
  void clear();
}
