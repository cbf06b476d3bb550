package io.parley.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** What the embedded store's group commit costs: how long a write waits to be durable, and how many share a batch. */
public final class StoreMetrics {
  private final Clock clock;
  private final Timer writeLatency;
  private final DistributionSummary batchSize;

  StoreMetrics(MeterRegistry registry) {
    this.clock = registry.config().clock();
    this.writeLatency = Timer.builder("parley.store.write.latency")
        .description("From a write being queued to the writer until it is durable")
        .serviceLevelObjectives(millis(0.25), millis(0.5), millis(1), millis(2), millis(5), millis(10), millis(25),
            millis(50), millis(100), millis(250), millis(500), millis(1000), millis(2500))
        .register(registry);
    this.batchSize = DistributionSummary.builder("parley.store.batch.size")
        .description("Writes committed together in one group commit")
        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
        .register(registry);
  }

  /** Monotonic nanoseconds, for {@link #writeDurable}. */
  public long now() {
    return clock.monotonicTime();
  }

  /** A write queued at {@code queuedNanos} became durable at {@code durableNanos} (both from {@link #now}). */
  public void writeDurable(long queuedNanos, long durableNanos) {
    writeLatency.record(durableNanos - queuedNanos, TimeUnit.NANOSECONDS);
  }

  public void batchCommitted(int writes) {
    batchSize.record(writes);
  }

  private static Duration millis(double value) {
    return Duration.ofNanos((long) (value * 1_000_000));
  }
}
