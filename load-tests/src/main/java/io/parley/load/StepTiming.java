package io.parley.load;

/**
 * How long a step runs: a warm-up at the step's rate whose latencies are not recorded (its messages still count
 * towards loss), the measured seconds, then up to {@code drainSeconds} waiting for what is still in flight.
 */
record StepTiming(int warmupSeconds, int seconds, int drainSeconds) {

  int sendingSeconds() {
    return warmupSeconds + seconds;
  }
}
