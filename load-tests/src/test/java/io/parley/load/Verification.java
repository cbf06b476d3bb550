package io.parley.load;

import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.ws;
import static io.parley.load.RoomSession.forEachMember;
import static io.parley.load.RoomSession.index;
import static io.parley.load.RoomSession.member;
import static io.parley.load.RoomSession.room;
import static io.parley.load.RoomSession.socket;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.WsFrameCheck;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;

/** How a run is judged: the end-of-run check of every receiving device, and the assertions that fail the run. */
final class Verification {
  private final LoadSettings settings;

  Verification(LoadSettings settings) {
    this.settings = settings;
  }

  /**
   * Waits up to the drain time for every acked message to reach every member's receiving device, then checks each
   * one with request {@code verify inbox}, whose check {@code inbox complete} passes only when the node reports the
   * device's cursor as the end of the user's inbox ({@code sync} from the cursor answers {@code lastSeq} = cursor)
   * and the device holds every message acked in the room exactly once and no other; its KO says what is wrong.
   */
  ChainBuilder drainAndVerify() {
    return exec(session -> session.set("drainUntil", System.currentTimeMillis() + settings.drain().toMillis()))
        .asLongAs(session -> !room(session).allDelivered()
            && System.currentTimeMillis() < session.getLong("drainUntil"))
        .on(pause(Duration.ofMillis(20)), DeviceSteps.readAll(), DeviceSteps.heartbeatIfDue())
        .exec(forEachMember(verifyDevice()));
  }

  private ChainBuilder verifyDevice() {
    WsFrameCheck.Text inboxComplete = ws.checkTextMessage("inbox complete")
        .matching(jsonPath("$.ref").is("verify"))
        .check(jsonPath("$.lastSeq").ofLong().is(session -> member(session).inbox().cursor()),
            bodyString().validate("no lost, duplicated or unexpected message", (body, session) -> {
              List<String> problems = room(session).verify(index(session));
              if (!problems.isEmpty()) {
                throw new IllegalStateException(member(session).username() + ": " + String.join("; ", problems));
              }
              return body;
            }));
    return exec(ws("verify inbox").wsName(session -> socket("rx", session))
        .sendText(session -> new JsonObject().put("type", "sync").put("ref", "verify")
            .put("after", member(session).inbox().cursor()).put("limit", 1).encode())
        .await(settings.ackTimeout()).on(inboxComplete));
  }

  /**
   * What fails a run: any failed request (a sign-up, a connect, an ack that was an error or never came, an inbox
   * that lacks or repeats a message), no ack at all, or fewer devices verified than {@code devices} (a virtual user
   * that stopped early or was cut by the maximum duration).
   */
  static List<Assertion> verdicts(long devices) {
    return List.of(global().failedRequests().count().is(0L), details("ack").successfulRequests().count().gt(0L),
        details("inbox complete").successfulRequests().count().is(devices));
  }
}
