package io.parley.e2e.support;

import java.util.concurrent.ThreadLocalRandom;

/** Unique usernames and client ids, so tests sharing one node never meet each other's data. */
public final class Names {
  private Names() {
  }

  /** {@code prefix} plus a random suffix; stays within the 32 characters a username may have. */
  public static String unique(String prefix) {
    String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
    String head = prefix.length() > 20 ? prefix.substring(0, 20) : prefix;
    return head + "_" + suffix;
  }

  /** A client message id nobody else has used. */
  public static String clientMessageId() {
    return unique("c");
  }
}
