package io.entraid.connector.core.sync;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes as they are planned, in transactions of {@link #PER_TRANSACTION}, so planned writes never
 * pile up in memory; {@link #finish} runs the rest with a last step (such as storing a delta link)
 * in one transaction.
 */
final class Writes {
  static final int PER_TRANSACTION = 500;

  private final SyncRun run;
  private final List<Runnable> pending = new ArrayList<>();

  Writes(SyncRun run) {
    this.run = run;
  }

  void add(Runnable write) {
    pending.add(write);
    if (pending.size() >= PER_TRANSACTION) write(() -> {});
  }

  void finish(Runnable last) {
    write(last);
  }

  private void write(Runnable last) {
    List<Runnable> chunk = List.copyOf(pending);
    pending.clear();
    run.commit(
        () -> {
          chunk.forEach(Runnable::run);
          last.run();
        });
  }
}
