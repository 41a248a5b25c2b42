package io.entraid.connector.core.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entraid.connector.core.graph.GraphException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PrefetchingTest {
  /**
   * Pages 0..count-1; page {@code failAt} fails like a Graph error; records which pages were
   * fetched.
   */
  static final class Source implements Iterator<Integer> {
    final List<Integer> fetched = new ArrayList<>();
    final CountDownLatch secondFetched = new CountDownLatch(1);
    final int count;
    final int failAt;
    int next;

    Source(int count, int failAt) {
      this.count = count;
      this.failAt = failAt;
    }

    @Override
    public boolean hasNext() {
      return next < count;
    }

    @Override
    public synchronized Integer next() {
      int page = next++;
      if (page == failAt) throw GraphException.notFound("page " + page);
      fetched.add(page);
      if (page == 1) secondFetched.countDown();
      return page;
    }
  }

  @Test
  void theNextPageIsFetchedWhileTheCurrentOneIsInUse() throws Exception {
    Source source = new Source(3, -1);
    List<Integer> consumed = new ArrayList<>();
    try (Prefetching<Integer> pages = new Prefetching<>(source)) {
      consumed.add(pages.next());
      // page 0 is still being "written": page 1 arrives meanwhile, from the prefetch
      assertThat(source.secondFetched.await(10, TimeUnit.SECONDS)).isTrue();
      while (pages.hasNext()) consumed.add(pages.next());
    }
    assertThat(consumed).containsExactly(0, 1, 2);
    assertThat(source.fetched).containsExactly(0, 1, 2);
  }

  @Test
  void aFailedFetchThrowsFromNextLikeWithoutPrefetching() {
    Source source = new Source(4, 2);
    try (Prefetching<Integer> pages = new Prefetching<>(source)) {
      assertThat(pages.next()).isZero();
      assertThat(pages.next()).isEqualTo(1);
      assertThatThrownBy(pages::next)
          .isInstanceOf(GraphException.class)
          .hasMessageContaining("page 2");
    }
  }

  /**
   * A run that ends while a page is on its way (writing the current page failed) lets that fetch
   * finish before close returns, so no request of the ended run reaches Graph after it.
   */
  @Test
  void closeLetsTheFetchAheadFinish() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> finished = new ArrayList<>();
    Iterator<Integer> slow =
        new Iterator<>() {
          int next;

          @Override
          public boolean hasNext() {
            return next < 2;
          }

          @Override
          public Integer next() {
            int page = next++;
            if (page == 1) {
              started.countDown();
              awaitUninterruptibly(release); // like a request already on the wire
            }
            synchronized (finished) {
              finished.add(page);
            }
            return page;
          }
        };
    Prefetching<Integer> pages = new Prefetching<>(slow);
    assertThat(pages.next()).isZero(); // page 1 is now being fetched
    Thread closing = Thread.currentThread();
    Thread releaser =
        new Thread(
            () -> {
              // the fetch ends only once close is waiting for it
              awaitUninterruptibly(started);
              while (closing.getState() != Thread.State.TIMED_WAITING && release.getCount() > 0)
                Thread.onSpinWait();
              release.countDown();
            });
    releaser.start();
    try {
      pages.close();
      synchronized (finished) {
        assertThat(finished).as("page 1's fetch had finished when close returned").contains(1);
      }
    } finally {
      release.countDown();
      releaser.join();
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }
}
