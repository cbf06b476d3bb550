package io.parley.load;

/**
 * The open-loop schedule of one step: {@code total} messages, message n due at {@code startNanos + n * interval},
 * whatever the server does meanwhile.
 */
record StepPlan(int step, long startNanos, double intervalNanos, long total) {

  static StepPlan of(int step, long startNanos, int ratePerSecond, int seconds) {
    return new StepPlan(step, startNanos, 1e9 / ratePerSecond, (long) ratePerSecond * seconds);
  }

  long dueNanos(long message) {
    return startNanos + (long) (message * intervalNanos);
  }
}
