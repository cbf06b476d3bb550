package io.parley.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counts of one step against one server, fed from every event loop of the generator. Latency is recorded only
 * for messages due after the warm-up; every message of the step counts towards loss.
 */
final class StepMeter {
  private final int step;
  private final long measureFromNanos;
  private final Recorder latency = new Recorder(3);
  private final LongAdder sent = new LongAdder();
  private final LongAdder acked = new LongAdder();
  private final LongAdder delivered = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder late = new LongAdder();
  private volatile String lastError = "";

  StepMeter(int step, long measureFromNanos) {
    this.step = step;
    this.measureFromNanos = measureFromNanos;
  }

  int step() {
    return step;
  }

  void sent() {
    sent.increment();
  }

  void acked() {
    acked.increment();
  }

  void delivered(long intendedNanos, long arrivedNanos) {
    delivered.increment();
    if (intendedNanos >= measureFromNanos) {
      latency.recordValue(Math.max(0, arrivedNanos - intendedNanos));
    }
  }

  void duplicate() {
    duplicates.increment();
  }

  void error(String code) {
    errors.increment();
    lastError = code;
  }

  /** A frame of an earlier step, arriving after its step was counted. */
  void late() {
    late.increment();
  }

  long sentCount() {
    return sent.sum();
  }

  long ackedCount() {
    return acked.sum();
  }

  long deliveredCount() {
    return delivered.sum();
  }

  long duplicateCount() {
    return duplicates.sum();
  }

  long errorCount() {
    return errors.sum();
  }

  long lateCount() {
    return late.sum();
  }

  String lastError() {
    return lastError;
  }

  Histogram latency() {
    return latency.getIntervalHistogram();
  }
}
