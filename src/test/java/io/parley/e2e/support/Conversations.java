package io.parley.e2e.support;

/** Conversation ids as PROTOCOL.md section 1 defines them; a client builds them before any message. */
public final class Conversations {
  private Conversations() {
  }

  public static String direct(TestUser one, TestUser other) {
    String a = one.userId();
    String b = other.userId();
    return a.compareTo(b) < 0 ? "dm:" + a + ":" + b : "dm:" + b + ":" + a;
  }

  public static String group(String groupId) {
    return "group:" + groupId;
  }
}
