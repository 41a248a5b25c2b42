package io.entraid.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Heap use of a measured phase, two ways: the peak (sum of the heap pools' peak usage since the
 * phase began: an upper bound, garbage included, so it grows towards -Xmx whenever the GC lets it)
 * and the largest heap in use right after a collection (what the phase really keeps alive, plus old
 * garbage not yet collected).
 */
final class HeapMeter implements AutoCloseable {
  private static final long MB = 1024 * 1024;
  private final List<MemoryPoolMXBean> pools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP)
          .toList();
  private final AtomicLong maxAfterGc = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();
  private final NotificationListener listener =
      (notification, handback) -> {
        if (!notification
            .getType()
            .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) return;
        var info =
            GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long used = 0;
        for (MemoryPoolMXBean pool : pools) {
          MemoryUsage after = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
          if (after != null) used += after.getUsed();
        }
        maxAfterGc.accumulateAndGet(used, Math::max);
        collections.incrementAndGet();
      };
  private final long before;

  /** Collects, resets the pools' peaks and starts listening: the phase begins now. */
  HeapMeter() {
    before = usedAfterFullGc();
    pools.forEach(MemoryPoolMXBean::resetPeakUsage);
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
    }
  }

  static long usedAfterFullGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Heap in use after a full collection when the phase began (engine started, nothing synced). */
  double beforeMb() {
    return before / (double) MB;
  }

  double peakMb() {
    return pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (double) MB;
  }

  double maxAfterGcMb() {
    return maxAfterGc.get() / (double) MB;
  }

  long collections() {
    return collections.get();
  }

  static double maxHeapMb() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / (double) MB;
  }

  static String collectorNames() {
    return String.join(
        ", ",
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName)
            .toList());
  }

  /**
   * Peak live heap, sampled: a thread collects fully every {@code periodMs} and keeps the largest
   * heap in use right after. Garbage is excluded, unlike the other figures, but a peak shorter than
   * the period (one page being parsed) can fall between samples, so it is a close lower bound. The
   * collections slow the phase, so it is measured in a run of its own whose time is not reported.
   * Meaningless with -XX:+DisableExplicitGC.
   */
  static final class LiveSampler {
    private final AtomicLong max = new AtomicLong();
    private final Thread thread;
    private volatile boolean stopped;

    LiveSampler(long periodMs) {
      thread =
          new Thread(
              () -> {
                while (!stopped) {
                  max.accumulateAndGet(usedAfterFullGc(), Math::max);
                  try {
                    Thread.sleep(periodMs);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "live-heap-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    double peakMb() {
      return max.get() / (double) MB;
    }

    /** Stops sampling, with a last sample: the phase has ended. */
    void close() throws InterruptedException {
      stopped = true;
      thread.interrupt();
      thread.join();
      max.accumulateAndGet(usedAfterFullGc(), Math::max);
    }
  }

  @Override
  public void close() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      try {
        ((NotificationEmitter) gc).removeNotificationListener(listener);
      } catch (javax.management.ListenerNotFoundException e) {
        // never added to this collector
      }
    }
  }
}
