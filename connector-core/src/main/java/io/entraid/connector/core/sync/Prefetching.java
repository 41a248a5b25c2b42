package io.entraid.connector.core.sync;

import io.entraid.connector.core.graph.GraphException;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches the next page while the caller writes the current one, so the wait for Graph overlaps the
 * database work instead of adding to it. One fetch at most is ahead; pages are still consumed in
 * order, and a failed fetch throws from {@link #next()} as it would have without prefetching.
 */
final class Prefetching<T> implements Iterator<T>, AutoCloseable {
  private final Iterator<T> source;
  private final ExecutorService fetcher =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "entraid-sync-prefetch");
            thread.setDaemon(true);
            return thread;
          });
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
  private Future<T> ahead;

  Prefetching(Iterator<T> source) {
    this.source = source;
  }

  @Override
  public boolean hasNext() {
    return ahead != null || source.hasNext(); // the source is only touched when no fetch is running
  }

  @Override
  public T next() {
    if (!hasNext()) throw new NoSuchElementException();
    T current = ahead != null ? await(ahead) : source.next();
    ahead = source.hasNext() ? fetcher.submit(source::next) : null;
    return current;
  }

  private static <T> T await(Future<T> fetch) {
    try {
      return fetch.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error error) throw error;
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      fetch.cancel(true);
      Thread.currentThread().interrupt();
      throw GraphException.transientFailure("Interrupted while waiting for a Graph page", e);
    }
  }

  /**
   * Ends a fetch still ahead, e.g. when writing a page failed: lets it finish for a short while (so
   * no request of this run is still on its way when the run has ended, and a rerun right after
   * starts from a quiet line), then stops it.
   */
  @Override
  public void close() {
    if (ahead != null) {
      try {
        ahead.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException | CancellationException e) {
        // its outcome no longer matters: the run has ended
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    fetcher.shutdownNow();
  }
}
