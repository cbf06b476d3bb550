package io.parley.e2e.support;

/** Message texts measured in Unicode code points, the unit of the protocol's text limit. */
public final class Texts {
  /** Longest legal text, in code points. */
  public static final int MAX_CODE_POINTS = 99_999;

  private Texts() {
  }

  /** {@code codePoints} copies of one code point. */
  public static String repeat(int codePoint, int codePoints) {
    return new String(Character.toChars(codePoint)).repeat(codePoints);
  }

  /** Plain ASCII: one byte each. */
  public static String ascii(int codePoints) {
    return repeat('x', codePoints);
  }

  /** An emoji outside the BMP: four UTF-8 bytes and two UTF-16 chars each. */
  public static String emoji(int codePoints) {
    return repeat(0x1F600, codePoints);
  }

  /** A control character that JSON must escape as {@code \u0001}: six bytes each on the wire. */
  public static String needingEscape(int codePoints) {
    return repeat(0x01, codePoints);
  }
}
