package io.parley.load;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a simulation measures outside Gatling's own request timings, shared by every virtual user (each runs on its
 * own event loop, hence the concurrent histograms and counters), printed once the run is over.
 *
 * <p>Latencies are in milliseconds, Gatling's resolution: a message's text starts with its send time in
 * milliseconds, and its arrival is the time Gatling stamped on the frame when it came off the socket.
 */
final class DeliveryStats {
  private static final long MAX_MILLIS = TimeUnit.HOURS.toMillis(1);

  private final Histogram live = new ConcurrentHistogram(MAX_MILLIS, 3);
  private final Histogram recovered = new ConcurrentHistogram(MAX_MILLIS, 3);
  private final Histogram catchUp = new ConcurrentHistogram(MAX_MILLIS, 3);
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong expectedEntries = new AtomicLong();
  private final AtomicLong missingEntries = new AtomicLong();
  private final AtomicLong devicesWithProblems = new AtomicLong();
  private final AtomicLong gapSyncs = new AtomicLong();

  /** A message from another member reached a device, live or in a sync page (after a reconnect or a gap). */
  void delivered(boolean viaLiveFrame, long sentAt, long receivedAt) {
    (viaLiveFrame ? live : recovered).recordValue(Math.max(0, receivedAt - sentAt));
  }

  void caughtUp(long millisSinceReconnect) {
    catchUp.recordValue(Math.max(0, millisSinceReconnect));
  }

  void acked() {
    acked.incrementAndGet();
  }

  void gapSync() {
    gapSyncs.incrementAndGet();
  }

  /** The end-of-run verdict on one device: how many entries its inbox should hold and how many it lacks. */
  void verified(int expected, int missing, boolean problems) {
    expectedEntries.addAndGet(expected);
    missingEntries.addAndGet(missing);
    if (problems) {
      devicesWithProblems.incrementAndGet();
    }
  }

  void print(String simulation, LoadSettings settings) {
    System.out.printf("%n==== %s run=%s: deliveries ====%n", simulation, settings.runId());
    System.out.printf("messages acked=%d; inbox entries expected=%d missing=%d; devices failing verification=%d; "
        + "syncs for a gap in live frames=%d%n", acked.get(), expectedEntries.get(), missingEntries.get(),
        devicesWithProblems.get(), gapSyncs.get());
    printLatency("delivery latency, live frames (send -> other member's device)", live);
    printLatency("delivery latency, via sync pages (after a reconnect, includes the time away)", recovered);
    printLatency("catch-up time (reconnected -> inbox caught up)", catchUp);
  }

  private static void printLatency(String what, Histogram histogram) {
    if (histogram.getTotalCount() == 0) {
      return;
    }
    System.out.printf("%s ms: n=%d p50=%d p90=%d p99=%d p99.9=%d max=%d mean=%.2f%n", what,
        histogram.getTotalCount(), histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
        histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9), histogram.getMaxValue(),
        histogram.getMean());
  }
}
