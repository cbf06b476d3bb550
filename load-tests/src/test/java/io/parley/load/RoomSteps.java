package io.parley.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.http.action.ws.WsInboundMessage;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.WsFrameCheck;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The steps the simulations are made of, each for the {@link Room} of the virtual user running it: sign up, connect,
 * chat at the room's pace, read and heartbeat the devices, wait for the last deliveries and verify every inbox.
 *
 * <p>Each member has two devices. {@code tx<i>} sends; Gatling's request {@code send} is the frame going out and its
 * check {@code ack} the time from send to ack. {@code rx<i>} only receives: Gatling keeps what arrives on it as
 * "unmatched" frames, stamped with their arrival time, and the steps hand them to the member's {@link Inbox}
 * (delivery latency, order, gaps, syncs). A socket's unmatched frames are cleared whenever something is sent on it,
 * so each send on an rx device comes right after its frames were read, in the same event-loop turn: a virtual user's
 * actions and its sockets share one event loop, and nothing can arrive in between.
 */
final class RoomSteps {
  static final String ROOM = "room";
  private static final String INDEX = "m";
  private static final String SENDER = "sender";
  private static final String CLIENT_MESSAGE_ID = "clientMessageId";
  private static final String MESSAGE_ID = "messageId";
  private static final String HEARTBEAT = "{\"type\":\"heartbeat\"}";
  private static final String PASSWORD = "load-test-password";
  /** Frames an rx device may hold between two reads; a read is due every 100 ms and after every ack. */
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

  static Room room(Session session) {
    return session.get(ROOM);
  }

  private static Member member(Session session) {
    return room(session).member(session.getInt(INDEX));
  }

  private static String device(String kind, Session session) {
    return kind + session.getInt(INDEX);
  }

  /** Opens this virtual user's room of {@code size} members sending one message every {@code pace}. */
  ChainBuilder openRoom(int size, Duration pace) {
    return exec(session -> session.set(ROOM, new Room(settings.runId(), session.userId(), size, pace, stats)));
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
        readDevice());
  }

  private ChainBuilder connectDevice(String kind, String requestName) {
    return exec(ws(requestName).wsName(session -> device(kind, session))
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
        doIf(session -> room(session).readDue()).then(readAll()),
        heartbeatIfDue());
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

  /** Hands every online member's received frames to its inbox, and sends the syncs that asks for. */
  ChainBuilder readAll() {
    return forEachMember(doIf(session -> member(session).online()).then(readDevice()));
  }

  /** Hands the frames the member at the loop index received to its inbox, and sends the sync that asks for. */
  ChainBuilder readDevice() {
    return exec(ws.processUnmatchedMessages(session -> device("rx", session), RoomSteps::toInbox))
        .doIf(session -> member(session).inbox().syncDue()).then(
            exec(ws("sync").wsName(session -> device("rx", session))
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
  ChainBuilder heartbeatIfDue() {
    return doIf(session -> room(session).heartbeatDue()).then(forEachMember(
        doIf(session -> member(session).online()).then(
            readDevice(),
            exec(ws("heartbeat").wsName(session -> device("rx", session)).sendText(HEARTBEAT)),
            exec(ws("heartbeat").wsName(session -> device("tx", session)).sendText(HEARTBEAT)))));
  }

  /**
   * Waits up to the drain time for every acked message to reach every member's receiving device, then verifies
   * each one with request {@code verify inbox}: the server must report the device's cursor as the end of its inbox,
   * and the device must hold every acked message of the room exactly once and nothing else; a KO names what is not.
   */
  ChainBuilder drainAndVerify() {
    return exec(session -> session.set("drainUntil", System.currentTimeMillis() + settings.drain().toMillis()))
        .asLongAs(session -> !room(session).allDelivered()
            && System.currentTimeMillis() < session.getLong("drainUntil"))
        .on(pause(Duration.ofMillis(20)), readAll(), heartbeatIfDue())
        .exec(forEachMember(verifyDevice()));
  }

  private ChainBuilder verifyDevice() {
    WsFrameCheck.Text inboxComplete = ws.checkTextMessage("inbox complete")
        .matching(jsonPath("$.ref").is("verify"))
        .check(jsonPath("$.lastSeq").ofLong().is(session -> member(session).inbox().cursor()),
            bodyString().validate("no lost, duplicated or unexpected message", (body, session) -> {
              List<String> problems = room(session).verify(session.getInt(INDEX));
              if (!problems.isEmpty()) {
                throw new IllegalStateException(member(session).username() + ": " + String.join("; ", problems));
              }
              return body;
            }));
    return exec(ws("verify inbox").wsName(session -> device("rx", session))
        .sendText(session -> new JsonObject().put("type", "sync").put("ref", "verify")
            .put("after", member(session).inbox().cursor()).put("limit", 1).encode())
        .await(settings.ackTimeout()).on(inboxComplete));
  }

  /** Closes both devices of every member still online. */
  ChainBuilder closeAll() {
    return forEachMember(doIf(session -> member(session).online()).then(closeMember("close")));
  }

  /** Reads what the member at the loop index received, then closes both its devices. */
  ChainBuilder closeMember(String requestName) {
    return exec(readDevice(), exec(ws(requestName).wsName(session -> device("tx", session)).close(),
        ws(requestName).wsName(session -> device("rx", session)).close()))
        .exec(session -> {
          member(session).disconnected();
          return session;
        });
  }

  /**
   * Runs {@code steps} for member {@code index} alone. The index goes where the member loops keep theirs, and is
   * removed after: Gatling takes a loop counter already in the session for a loop already running.
   */
  static ChainBuilder forMember(int index, ChainBuilder steps) {
    return exec(session -> session.set(INDEX, index)).exec(steps).exec(session -> session.remove(INDEX));
  }

  /**
   * What makes a run fail: any failed request (a sign-up, a connect, an ack that was an error or never came, an inbox
   * that lacks or repeats a message), no ack at all, or fewer devices verified than {@code devices} (a virtual user
   * that stopped early or was cut by the maximum duration).
   */
  static List<Assertion> verdicts(long devices) {
    return List.of(global().failedRequests().count().is(0L), details("ack").successfulRequests().count().gt(0L),
        details("inbox complete").successfulRequests().count().is(devices));
  }

  /** Runs {@code steps} once per member, with the member's index in the loop counter the other steps read. */
  static ChainBuilder forEachMember(ChainBuilder steps) {
    return repeat(session -> room(session).size(), INDEX).on(steps);
  }
}
