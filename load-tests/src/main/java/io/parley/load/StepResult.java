package io.parley.load;

import org.HdrHistogram.Histogram;

/**
 * The outcome of one step against one server. It passes with every expected delivery made exactly once, no error
 * frame, every message acked (when the server acks) and p99 delivery latency within the limit.
 */
record StepResult(String target, int rate, int recipients, long sent, long acked, long expected, long delivered,
                  long duplicates, long errors, String lastError, Histogram latency, double limitMillis) {
  /** {@code acked} when the server sends no acks. */
  static final long NO_ACKS = -1;

  static StepResult of(String target, int rate, int recipients, StepMeter meter, boolean acks, double limitMillis) {
    return new StepResult(target, rate, recipients, meter.sentCount(), acks ? meter.ackedCount() : NO_ACKS,
        meter.sentCount() * recipients, meter.deliveredCount(), meter.duplicateCount(), meter.errorCount(),
        meter.lastError(), meter.latency(), limitMillis);
  }

  long lost() {
    return expected - delivered;
  }

  long deliveriesPerSecond() {
    return (long) rate * recipients;
  }

  double millisAt(double percentile) {
    return latency.getValueAtPercentile(percentile) / 1e6;
  }

  double maxMillis() {
    return latency.getMaxValue() / 1e6;
  }

  boolean passed() {
    return lost() == 0 && duplicates == 0 && errors == 0 && (acked == NO_ACKS || acked == sent)
        && latency.getTotalCount() > 0 && millisAt(99) <= limitMillis;
  }
}
