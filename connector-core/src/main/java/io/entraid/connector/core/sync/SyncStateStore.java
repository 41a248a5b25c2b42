package io.entraid.connector.core.sync;

import java.util.Optional;

/**
 * Where a sync keeps its position (delta links, the resume point of a full run). Writes take part
 * in the target's current transaction, so the position never moves past changes that were not
 * written.
 */
public interface SyncStateStore {
  Optional<String> get(String key);

  void put(String key, String value);

  void remove(String key);
}
