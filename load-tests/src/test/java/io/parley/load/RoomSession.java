package io.parley.load;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.repeat;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;

/**
 * Where the steps find their room and member in a virtual user's session: the {@link Room} under {@code room}, the
 * index of the member a step is for in the counter of the member loops. Member {@code i}'s sockets are named
 * {@code tx<i>} and {@code rx<i>}.
 */
final class RoomSession {
  static final String ROOM = "room";
  private static final String INDEX = "m";

  private RoomSession() {
  }

  static Room room(Session session) {
    return session.get(ROOM);
  }

  static int index(Session session) {
    return session.getInt(INDEX);
  }

  static Member member(Session session) {
    return room(session).member(index(session));
  }

  /** The session name of the member's {@code tx} or {@code rx} socket. */
  static String socket(String device, Session session) {
    return device + index(session);
  }

  /** Runs {@code steps} once per member, with the member's index in the loop counter the other steps read. */
  static ChainBuilder forEachMember(ChainBuilder steps) {
    return repeat(session -> room(session).size(), INDEX).on(steps);
  }

  /**
   * Runs {@code steps} for member {@code index} alone. The index goes where the member loops keep theirs, and is
   * removed after: Gatling takes a loop counter already in the session for a loop already running.
   */
  static ChainBuilder forMember(int index, ChainBuilder steps) {
    return exec(session -> session.set(INDEX, index)).exec(steps).exec(session -> session.remove(INDEX));
  }
}
