package io.parley.load;

/**
 * One simulated user of a room with its two devices: {@code tx<i>} sends and waits for acks, {@code rx<i>} only
 * receives. Gatling drops the frames that arrive on a socket while it waits there for a check, so the device whose
 * inbox is checked never waits for anything but the final verification.
 */
final class Member {
  private final String username;
  private String userId;
  private String token;
  private Inbox inbox;
  private boolean online;
  private boolean wentAway;
  private int ackedWhileAway;

  Member(String username) {
    this.username = username;
  }

  String username() {
    return username;
  }

  String userId() {
    return userId;
  }

  String token() {
    return token;
  }

  Inbox inbox() {
    return inbox;
  }

  boolean online() {
    return online;
  }

  void loggedIn(String userId, String token, DeliveryStats stats) {
    this.userId = userId;
    this.token = token;
    this.inbox = new Inbox(userId, stats);
  }

  void connected() {
    online = true;
  }

  void disconnected() {
    online = false;
    wentAway = true;
  }

  void messageAcked() {
    if (!online) {
      ackedWhileAway++;
    }
  }

  /** A member that went away must have had something sent to it meanwhile, or its catch-up proved nothing. */
  boolean awayWithoutMessages() {
    return wentAway && ackedWhileAway == 0;
  }
}
