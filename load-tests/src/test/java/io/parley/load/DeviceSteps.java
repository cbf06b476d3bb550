package io.parley.load;

import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.http.HttpDsl.ws;
import static io.parley.load.RoomSession.forEachMember;
import static io.parley.load.RoomSession.member;
import static io.parley.load.RoomSession.room;
import static io.parley.load.RoomSession.socket;

import io.gatling.http.action.ws.WsInboundMessage;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;

import java.util.List;

/**
 * The steps that look after the members' devices. Each member has two: {@code tx} sends and waits for acks, and
 * {@code rx} only receives, because Gatling discards the frames that arrive on a socket while it waits there for a
 * check. Gatling keeps what arrives on an idle socket as "unmatched" frames stamped with their arrival time; these
 * steps hand them to the member's {@link Inbox}. A socket's unmatched frames are cleared whenever something is sent
 * on it, so every send on an rx device comes right after its frames were read, in the same event-loop turn: a virtual
 * user's actions and sockets share one event loop, so nothing can arrive in between.
 */
final class DeviceSteps {
  private static final String HEARTBEAT = "{\"type\":\"heartbeat\"}";

  private DeviceSteps() {
  }

  /** Reads every online member's receiving device. */
  static ChainBuilder readAll() {
    return forEachMember(doIf(session -> member(session).online()).then(readDevice()));
  }

  /** Hands the frames the member's receiving device got to its inbox, and sends the sync that asks for. */
  static ChainBuilder readDevice() {
    return exec(ws.processUnmatchedMessages(session -> socket("rx", session), DeviceSteps::toInbox))
        .doIf(session -> member(session).inbox().syncDue()).then(
            exec(ws("sync").wsName(session -> socket("rx", session))
                .sendText(session -> member(session).inbox().startSync())));
  }

  private static Session toInbox(List<WsInboundMessage> frames, Session session) {
    Inbox inbox = member(session).inbox();
    for (WsInboundMessage frame : frames) {
      if (frame instanceof WsInboundMessage.Text text) {
        inbox.accept(text.message(), text.timestamp());
      }
    }
    return session;
  }

  /** The server closes a connection silent for 30 s: every 5 s each online device says it is there. */
  static ChainBuilder heartbeatIfDue() {
    return doIf(session -> room(session).heartbeatDue()).then(forEachMember(
        doIf(session -> member(session).online()).then(
            readDevice(),
            exec(ws("heartbeat").wsName(session -> socket("rx", session)).sendText(HEARTBEAT)),
            exec(ws("heartbeat").wsName(session -> socket("tx", session)).sendText(HEARTBEAT)))));
  }
}
