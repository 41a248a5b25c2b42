package io.entraid.connector.camunda.sync;

import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.sync.DirectoryTarget;
import io.entraid.connector.core.sync.SyncLimit;
import io.entraid.connector.core.sync.SyncProgress;
import io.entraid.connector.core.sync.SyncTargets;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;

/** syncDirectory writes into the identity service of the engine that runs the task. */
public final class CamundaSyncTargets implements SyncTargets {
  private final SyncProgress.Listener progress;
  private final SyncSettings settings;
  private final SyncLimit limit;

  public CamundaSyncTargets() {
    this(SyncProgress.Listener.NONE, SyncSettings.defaults());
  }

  /**
   * @param progress where runs report their progress page by page (e.g. {@link
   *     SyncProgressTracker})
   * @param settings this node's bound on concurrent syncs, and the leases' duration, node name and
   *     clock
   */
  public CamundaSyncTargets(SyncProgress.Listener progress, SyncSettings settings) {
    this.progress = progress;
    this.settings = settings;
    this.limit = new SyncLimit(settings.maxConcurrentRuns());
  }

  @Override
  public DirectoryTarget open(EntraConnection connection) {
    ProcessEngineConfigurationImpl engine = Context.getProcessEngineConfiguration();
    if (engine == null) {
      throw new IllegalStateException(
          "syncDirectory runs inside a Camunda engine (a service task with ${entraId})");
    }
    return new CamundaDirectoryTarget(engine, connection.name(), settings);
  }

  @Override
  public SyncProgress.Listener progress() {
    return progress;
  }

  public SyncSettings settings() {
    return settings;
  }

  @Override
  public SyncLimit limit() {
    return limit;
  }
}
