package io.parley.protocol;

/** Limits fixed by the protocol, shared by validation on every path. */
public final class Limits {
  /** A message text must be shorter than this many Unicode code points. */
  public static final int MAX_TEXT_CODE_POINTS = 100_000;
  /** Most members of one group, its creator included. */
  public static final int MAX_GROUP_MEMBERS = 100;
  /** Longest client message id. */
  public static final int MAX_CLIENT_MESSAGE_ID = 64;
  /**
   * Bytes one code point can take in a JSON string: one above U+FFFF escaped as its surrogate pair
   * ({@code \ud83d\ude00}), as clients that escape every non-ASCII character (Python's default {@code json.dumps})
   * write it.
   */
  static final int MAX_ESCAPED_BYTES_PER_CODE_POINT = 12;
  /** Room for a send frame's other fields (type, ref, clientMessageId, target), escaped as well. */
  static final int SEND_ENVELOPE_BYTES = 4096;
  /** The frame limit may not go below this: the largest legal text, fully JSON-escaped, in a send frame. */
  public static final int MAX_FRAME_BYTES_FLOOR =
      (MAX_TEXT_CODE_POINTS - 1) * MAX_ESCAPED_BYTES_PER_CODE_POINT + SEND_ENVELOPE_BYTES;

  private Limits() {
  }
}
