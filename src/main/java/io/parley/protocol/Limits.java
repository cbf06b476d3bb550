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
   * The frame limit may not go below this: the largest legal text is 99,999 code points, up to 6 bytes each once
   * JSON-escaped ({@code \u001f}), plus the envelope.
   */
  public static final int MAX_FRAME_BYTES_FLOOR = 99_999 * 6 + 4096;

  private Limits() {
  }
}
