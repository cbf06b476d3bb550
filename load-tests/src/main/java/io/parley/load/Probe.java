package io.parley.load;

/**
 * What each benchmark message carries in its text, so the receiver needs no other state to measure it: the step it
 * belongs to, its number within the step and the System.nanoTime it was due to be sent (not when it was: latency
 * runs from the schedule, so a stalled server or generator cannot hide its queueing).
 */
record Probe(int step, long seq, long intendedNanos) {
  /** About a typical chat line once the step, number and time are in front of the filler. */
  static final int DEFAULT_TEXT_LENGTH = 96;
  private static final int HEADER_MAX = 40;
  private static String filler = filler(DEFAULT_TEXT_LENGTH);

  /** Sets the length of every text the benchmark sends; once, before the first message. */
  static void useTextLength(int length) {
    filler = filler(length);
  }

  private static String filler(int textLength) {
    return "x".repeat(textLength - HEADER_MAX);
  }

  String text() {
    String header = step + " " + seq + " " + intendedNanos + " ";
    return header + " ".repeat(HEADER_MAX - header.length()) + filler;
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
