package io.parley.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static io.gatling.javaapi.http.HttpDsl.ws;
import static io.parley.load.RoomSession.forEachMember;
import static io.parley.load.RoomSession.member;
import static io.parley.load.RoomSession.room;
import static io.parley.load.RoomSession.socket;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.function.Function;

/**
 * The steps the simulations are made of, each for the {@link Room} of the virtual user running it: sign the members
 * up, connect their devices ({@link DeviceSteps}), chat at the room's pace, close. Gatling's request {@code send} is a
 * message frame going out on the sender's {@code tx} device, its check {@code ack} the time from there to the ack.
 */
final class RoomSteps {
  private static final String SENDER = "sender";
  private static final String CLIENT_MESSAGE_ID = "clientMessageId";
  private static final String MESSAGE_ID = "messageId";
  private static final String PASSWORD = "load-test-password";
  /** Frames a device may hold between two reads; a room reads its devices every 100 ms, or between two sends. */
  private static final int UNMATCHED_BUFFER = 100_000;

  private final LoadSettings settings;
  private final DeliveryStats stats;

  RoomSteps(LoadSettings settings, DeliveryStats stats) {
    this.settings = settings;
    this.stats = stats;
  }

  HttpProtocolBuilder protocol() {
    return http.baseUrl(settings.httpBaseUrl()).wsBaseUrl(settings.wsBaseUrl())
        .contentTypeHeader("application/json").wsUnmatchedInboundMessageBufferSize(UNMATCHED_BUFFER);
  }

  /** Opens this virtual user's room of {@code size} members sending one message every {@code pace}. */
  ChainBuilder openRoom(int size, Duration pace) {
    return exec(session ->
        session.set(RoomSession.ROOM, new Room(settings.runId(), session.userId(), size, pace, stats)));
  }

  /** Signs every member up and logs it in; a virtual user that fails here stops. */
  ChainBuilder signUpAll() {
    return forEachMember(exec(
        exec(http("sign up").post("/v1/accounts").body(StringBody(RoomSteps::credentials)).check(status().is(201))),
        exec(http("log in").post("/v1/sessions").body(StringBody(RoomSteps::credentials))
            .check(status().is(200), jsonPath("$.userId").saveAs("userId"), jsonPath("$.token").saveAs("token")))
            .exitHereIfFailed()
            .exec(session -> {
              member(session).loggedIn(session.getString("userId"), session.getString("token"), stats);
              return session.remove("userId").remove("token");
            })));
  }

  private static String credentials(Session session) {
    return new JsonObject().put("username", member(session).username()).put("password", PASSWORD).encode();
  }

  /** Member 0 makes the room a group of all its members. */
  ChainBuilder createGroup() {
    return exec(http("create group").post("/v1/groups")
        .header("Authorization", session -> "Bearer " + room(session).member(0).token())
        .body(StringBody(session -> room(session).newGroupBody()))
        .check(status().is(201), jsonPath("$.members[*]").count().is(session -> room(session).size()),
            jsonPath("$.groupId").saveAs("groupId")))
        .exitHereIfFailed()
        .exec(session -> {
          room(session).groupCreated(session.getString("groupId"));
          return session;
        });
  }

  /** Connects both devices of every member, each request waiting for the welcome frame. */
  ChainBuilder connectAll() {
    return forEachMember(connectMember("connect")).exitHereIfFailed();
  }

  /** Connects both devices of the member at the loop index. */
  ChainBuilder connectMember(String requestName) {
    return exec(connectDevice("tx", requestName), connectDevice("rx", requestName))
        .exec(session -> {
          member(session).connected();
          return session;
        });
  }

  /** Connects the devices of the member at the loop index again, and syncs its receiving one from its cursor. */
  ChainBuilder reconnectMember() {
    return exec(connectMember("reconnect"),
        exec(session -> {
          member(session).inbox().reconnected(System.currentTimeMillis());
          return session;
        }),
        DeviceSteps.readDevice());
  }

  private ChainBuilder connectDevice(String kind, String requestName) {
    return exec(ws(requestName).wsName(session -> socket(kind, session))
        .connect(session -> "/v1/ws?deviceId=" + kind + "&token=" + member(session).token())
        .await(settings.ackTimeout()).on(ws.checkTextMessage("welcome").check(jsonPath("$.type").is("welcome"))));
  }

  /** Starts the room's send schedule and chats for {@code duration}. */
  ChainBuilder chatFor(Duration duration) {
    return exec(startSending(),
        exec(session -> session.set("chatUntil", System.currentTimeMillis() + duration.toMillis())),
        chatUntil(session -> session.getLong("chatUntil")));
  }

  ChainBuilder startSending() {
    return exec(session -> {
      room(session).startSending();
      return session;
    });
  }

  /** Chats at the room's pace until {@code deadline} (epoch milliseconds), reading and heartbeating meanwhile. */
  ChainBuilder chatUntil(Function<Session, Long> deadline) {
    return asLongAs(session -> System.currentTimeMillis() < deadline.apply(session)).on(
        pause(session -> room(session).untilNextSend(deadline.apply(session))),
        doIf(session -> System.currentTimeMillis() < deadline.apply(session) && room(session).sendDue())
            .then(sendNext()),
        doIf(session -> room(session).readDue()).then(DeviceSteps.readAll()),
        DeviceSteps.heartbeatIfDue());
  }

  /** The next online member sends one message to the room and waits for its ack. */
  private ChainBuilder sendNext() {
    return exec(session -> {
      Room room = room(session);
      return session.set(SENDER, room.nextSender()).set(CLIENT_MESSAGE_ID, room.nextClientMessageId());
    })
        .exec(ws("send").wsName(session -> "tx" + session.getInt(SENDER))
            .sendText(session -> room(session).sendFrame(session.getInt(SENDER), session.getString(CLIENT_MESSAGE_ID)))
            .await(settings.ackTimeout()).on(ws.checkTextMessage("ack")
                .matching(jsonPath("$.ref").isEL("#{" + CLIENT_MESSAGE_ID + "}"))
                .check(jsonPath("$.type").is("ack"), jsonPath("$.messageId").saveAs(MESSAGE_ID))))
        .exec(session -> {
          if (session.contains(MESSAGE_ID)) {
            room(session).acked(session.getString(CLIENT_MESSAGE_ID), session.getString(MESSAGE_ID));
          }
          return session.remove(MESSAGE_ID);
        });
  }

  /** Closes both devices of every member still online. */
  ChainBuilder closeAll() {
    return forEachMember(doIf(session -> member(session).online()).then(closeMember("close")));
  }

  /** Reads what the member at the loop index received, then closes both its devices. */
  ChainBuilder closeMember(String requestName) {
    return exec(DeviceSteps.readDevice(), exec(ws(requestName).wsName(session -> socket("tx", session)).close(),
        ws(requestName).wsName(session -> socket("rx", session)).close()))
        .exec(session -> {
          member(session).disconnected();
          return session;
        });
  }
}
