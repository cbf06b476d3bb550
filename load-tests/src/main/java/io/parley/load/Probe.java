package io.parley.load;

/**
 * What each benchmark message carries in its text, so the receiver needs no other state to measure it: the step it
 * belongs to, its number within the step and the System.nanoTime it was due to be sent (not when it was: latency
 * runs from the schedule, so a stalled server or generator cannot hide its queueing).
 */
record Probe(int step, long seq, long intendedNanos) {
  private static final String FILLER = "benchmark message of a typical chat length, plain ascii";

  String text() {
    return step + " " + seq + " " + intendedNanos + " " + FILLER;
  }

  /** The sender's id for this message: unique per step. */
  String clientMessageId() {
    return "s" + step + "-" + seq;
  }

  static Probe parse(String text) {
    int first = text.indexOf(' ');
    int second = text.indexOf(' ', first + 1);
    int third = text.indexOf(' ', second + 1);
    return new Probe(Integer.parseInt(text, 0, first, 10), Long.parseLong(text, first + 1, second, 10),
        Long.parseLong(text, second + 1, third, 10));
  }

  static int stepOf(String clientMessageId) {
    return Integer.parseInt(clientMessageId, 1, clientMessageId.indexOf('-'), 10);
  }
}
