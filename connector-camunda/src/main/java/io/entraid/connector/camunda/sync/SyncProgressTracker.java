package io.entraid.connector.camunda.sync;

import io.entraid.connector.core.sync.SyncProgress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest progress of each connection's directory sync on this node, as the sync reports it page
 * by page: read by the metrics and the {@code entraidsync} Actuator endpoint. Kept in memory only,
 * so the sync never writes to its running execution (or anywhere else) to report progress.
 */
public final class SyncProgressTracker implements SyncProgress.Listener {
  private final Map<String, SyncProgress> latest = new ConcurrentHashMap<>();

  @Override
  public void onProgress(SyncProgress progress) {
    latest.put(progress.connection(), progress);
  }

  /** The connection's running sync, or its last one since start-up. */
  public Optional<SyncProgress> latest(String connection) {
    return Optional.ofNullable(latest.get(connection));
  }
}
