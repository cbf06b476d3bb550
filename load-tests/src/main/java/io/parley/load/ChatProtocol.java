package io.parley.load;

import java.util.List;

/**
 * How the load generator talks to one kind of server: who it enrols, where each user connects, how a message is
 * framed, and what an arriving frame means. The generator itself (schedule, latency, loss) is the same for all.
 */
interface ChatProtocol {

  /** A user as the generator knows it: the id others address it by, and the server and URI it connects to. */
  record Peer(String id, BenchArgs.Address server, String uri) {
  }

  /** What a message is sent to: a user id or a group id. */
  record Target(String id, boolean group) {
  }

  /** The enrolled users (numbered as in the scenario) and the ids of its groups. */
  record Roster(List<Peer> users, List<String> groupIds) {
  }

  /** What the generator hears from {@link #read}. */
  interface Inbound {
    /** A message reached this user; {@code key} identifies it among this user's deliveries. */
    void delivered(String key, String text);

    void acked(String clientMessageId);

    void refused(String code);
  }

  String name();

  /** Creates whatever the scenario's users and groups need on the server; may block. */
  Roster enrol(Scenario scenario) throws Exception;

  String sendFrame(Target to, String clientMessageId, String text);

  /** Interprets one text frame that arrived on {@code self}'s socket. */
  void read(String frame, Peer self, Inbound inbound);

  /** The frame that keeps an idle connection open, or null when none is needed. */
  String heartbeat();

  /** Whether the server acks each message (then every sent message must be acked to pass). */
  boolean acknowledges();
}
