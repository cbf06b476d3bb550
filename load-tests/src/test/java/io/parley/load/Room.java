package io.parley.load;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * The state of one virtual user of a simulation: the members of one conversation (a pair, or a group when
 * {@link #groupCreated} was called), every message acked in it, its send schedule, and when its devices last read
 * and heartbeat. Only that virtual user's event loop touches it.
 */
final class Room {
  private final List<Member> members;
  private final DeliveryStats stats;
  private final Map<String, String> clientIdByMessageId = new LinkedHashMap<>();
  private final Every reads = new Every(100);
  private final Every heartbeats = new Every(5_000);
  private final long sendEveryNanos;
  private long nextSendNanos;
  private String groupId;
  private int sent;
  private int turn;

  /** The room sends one message every {@code pace} once {@link #startSending} is called. */
  Room(String runId, long virtualUser, int size, Duration pace, DeliveryStats stats) {
    this.members = IntStream.range(0, size).mapToObj(i -> new Member(runId + "-" + virtualUser + "-" + i)).toList();
    this.stats = stats;
    this.sendEveryNanos = pace.toNanos();
  }

  /** Something done at most once per period. */
  private static final class Every {
    private final long periodMillis;
    private long last = System.currentTimeMillis();

    Every(long periodMillis) {
      this.periodMillis = periodMillis;
    }

    boolean due() {
      long now = System.currentTimeMillis();
      if (now - last < periodMillis) {
        return false;
      }
      last = now;
      return true;
    }
  }

  int size() {
    return members.size();
  }

  Member member(int index) {
    return members.get(index);
  }

  void groupCreated(String groupId) {
    this.groupId = groupId;
  }

  /** The body of {@code POST /v1/groups} made by member 0, with every other member in it. */
  String newGroupBody() {
    JsonArray others = new JsonArray();
    members.subList(1, members.size()).forEach(member -> others.add(member.userId()));
    return new JsonObject().put("name", "load " + members.get(0).username()).put("members", others).encode();
  }

  /** Whose turn it is to send: the online members take turns. */
  int nextSender() {
    do {
      turn = (turn + 1) % members.size();
    } while (!members.get(turn).online());
    return turn;
  }

  String nextClientMessageId() {
    return "c" + ++sent;
  }

  /** The send frame; its text starts with the send time, from which the recipient's device measures delivery. */
  String sendFrame(int sender, String clientMessageId) {
    JsonObject frame = new JsonObject().put("type", "send").put("ref", clientMessageId)
        .put("clientMessageId", clientMessageId).put("text", System.currentTimeMillis() + " " + clientMessageId);
    return (groupId != null ? frame.put("toGroup", groupId)
        : frame.put("toUser", members.get(1 - sender).userId())).encode();
  }

  void acked(String clientMessageId, String messageId) {
    clientIdByMessageId.put(messageId, clientMessageId);
    members.forEach(Member::messageAcked);
    stats.acked();
  }

  /** Starts the send schedule, at a random offset so that rooms set up together do not send together. */
  void startSending() {
    nextSendNanos = System.nanoTime() + ThreadLocalRandom.current().nextLong(sendEveryNanos);
  }

  /** How long to wait for the next send, but not past {@code deadline} (epoch milliseconds). */
  Duration untilNextSend(long deadline) {
    long millis = Math.max(0, (nextSendNanos - System.nanoTime() + 999_999) / 1_000_000);
    return Duration.ofMillis(Math.min(millis, Math.max(0, deadline - System.currentTimeMillis())));
  }

  /**
   * Whether a send is due, moving the schedule on if so. The schedule is fixed: a room that fell behind (a slow ack)
   * sends its missed messages back to back, so the rate asked for is the rate sent.
   */
  boolean sendDue() {
    if (System.nanoTime() < nextSendNanos) {
      return false;
    }
    nextSendNanos += sendEveryNanos;
    return true;
  }

  boolean readDue() {
    return reads.due();
  }

  boolean heartbeatDue() {
    return heartbeats.due();
  }

  /** Whether every member's receiving device holds every acked message (what the drain at the end waits for). */
  boolean allDelivered() {
    return members.stream().allMatch(member -> member.inbox().holdsAll(clientIdByMessageId.keySet()));
  }

  /** What is wrong with member {@code index}'s receiving device; empty when nothing is. */
  List<String> verify(int index) {
    Member member = members.get(index);
    List<String> problems = new ArrayList<>(member.inbox().verify(clientIdByMessageId.keySet()));
    if (member.awayWithoutMessages()) {
      problems.add("nothing was sent to it while it was away: raise rate or away");
    }
    return problems;
  }
}
