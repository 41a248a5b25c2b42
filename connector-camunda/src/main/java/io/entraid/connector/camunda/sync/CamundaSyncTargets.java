package io.entraid.connector.camunda.sync;

import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.sync.DirectoryTarget;
import io.entraid.connector.core.sync.SyncProgress;
import io.entraid.connector.core.sync.SyncTargets;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;

/** syncDirectory writes into the identity service of the engine that runs the task. */
public final class CamundaSyncTargets implements SyncTargets {
  private final SyncProgress.Listener progress;

  public CamundaSyncTargets() {
    this(SyncProgress.Listener.NONE);
  }

  /** @param progress where runs report their progress page by page (e.g. {@link SyncProgressTracker}) */
  public CamundaSyncTargets(SyncProgress.Listener progress) {
    this.progress = progress;
  }

  @Override
  public DirectoryTarget open(EntraConnection connection) {
    ProcessEngineConfigurationImpl engine = Context.getProcessEngineConfiguration();
    if (engine == null) {
      throw new IllegalStateException("syncDirectory runs inside a Camunda engine (a service task with ${entraId})");
    }
    return new CamundaDirectoryTarget(engine, connection.name());
  }

  @Override
  public SyncProgress.Listener progress() {
    return progress;
  }
}
