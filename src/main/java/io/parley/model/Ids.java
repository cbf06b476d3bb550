package io.parley.model;

/**
 * Ids travel as 16 lowercase hex digits: they sort as strings the way they sort as numbers, and survive JavaScript,
 * whose numbers lose 64-bit integers. The number is below 2^63 ({@code 7fffffffffffffff} at most): generated ids
 * ({@link IdGenerator}) never set the top bit, and a signed {@code long} keeps it in order. This is the one parser
 * of ids; every id a client hands in (frames, paths, bodies, queries, inside conversation ids) goes through it.
 */
public final class Ids {
  private Ids() {
  }

  public static String toHex(long id) {
    String hex = Long.toHexString(id);
    return "0".repeat(16 - hex.length()) + hex;
  }

  /** Parses an id; returns -1 for anything that is not 16 lowercase hex digits of a number below 2^63. */
  public static long parseHex(String text) {
    if (text == null || text.length() != 16) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < 16; i++) {
      int digit = Character.digit(text.charAt(i), 16);
      if (digit < 0 || Character.isUpperCase(text.charAt(i))) {
        return -1;
      }
      value = value << 4 | digit;
    }
    return value < 0 ? -1 : value;
  }

  public static boolean isId(String text) {
    return parseHex(text) >= 0;
  }
}
