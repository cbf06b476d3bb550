package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.ApiResponse;
import io.parley.e2e.support.Conversations;
import io.parley.e2e.support.Frames;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An id is 16 lowercase hex digits of a number below 2^63 (PROTOCOL.md): {@code 8000000000000000} and above are
 * malformed wherever an id comes in, frame or HTTP, and answered {@code INVALID}; the largest well-formed id is
 * simply unknown.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Ids with the top bit set are INVALID on every path that takes an id")
class MalformedIdsE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.shared();

  /** Well-formed, and no user, group or message has it. */
  private static final String UNKNOWN_ID = "7fffffffffffffff";

  private final AtomicInteger refs = new AtomicInteger();
  @Injected private Vertx vertx;
  @Injected private ApiClient api;
  @Injected private TestUser alice;
  @Injected private TestUser bob;
  private String groupId;
  private String direct;
  private WsClient phone;

  @BeforeEach
  void fixture() {
    groupId = api.createGroup(alice, bob).getString("groupId");
    direct = Conversations.direct(alice, bob);
    phone = server.device(vertx, alice, "phone");
    phone.ack(Frames.textTo(bob, "so there is history"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"ffffffffffffffff", "8000000000000000", "c0ffee0000000001"})
  @DisplayName("each path answers INVALID (400 over HTTP)")
  void malformedEverywhere(String id) {
    Map<String, String> expected = new LinkedHashMap<>();
    probes().keySet().forEach(path -> expected.put(path, overHttp(path) ? "400 INVALID" : "INVALID"));
    assertThat(answers(id)).containsExactlyEntriesOf(expected);
  }

  @Test
  @DisplayName("positive control: the largest well-formed id is taken as an id on each path, and not found")
  void wellFormedUnknownId() {
    Map<String, String> expected = new LinkedHashMap<>();
    probes().keySet().forEach(path -> expected.put(path, overHttp(path) ? "404 NOT_FOUND" : "NOT_FOUND"));
    expected.put("history before", "200");
    expected.put("history after", "200");
    expected.put("HTTP read messageId", "200");
    expected.put("frame read messageId", "read");
    assertThat(answers(UNKNOWN_ID)).containsExactlyEntriesOf(expected);
  }

  private Map<String, String> answers(String id) {
    Map<String, String> answers = new LinkedHashMap<>();
    probes().forEach((path, probe) -> answers.put(path, probe.apply(id)));
    return answers;
  }

  /** Every place a client hands the server an id, by name, answering "status code" or the frame's outcome. */
  private Map<String, Function<String, String>> probes() {
    String token = alice.token();
    Map<String, Function<String, String>> probes = new LinkedHashMap<>();
    probes.put("GET user", id -> http(api.get("/v1/users/" + id, token)));
    probes.put("POST friend request", id -> http(api.post("/v1/friend-requests/" + id, token, null)));
    probes.put("DELETE friend request", id -> http(api.delete("/v1/friend-requests/" + id, token)));
    probes.put("accept friend request", id -> http(api.post("/v1/friend-requests/" + id + "/accept", token, null)));
    probes.put("decline friend request", id -> http(api.post("/v1/friend-requests/" + id + "/decline", token,
        null)));
    probes.put("PUT block", id -> http(api.put("/v1/blocks/" + id, token, null)));
    probes.put("DELETE block", id -> http(api.delete("/v1/blocks/" + id, token)));
    probes.put("DELETE friend", id -> http(api.delete("/v1/friends/" + id, token)));
    probes.put("GET group", id -> http(api.get("/v1/groups/" + id, token)));
    probes.put("POST members of group", id -> http(api.post("/v1/groups/" + id + "/members", token, userId(bob))));
    probes.put("DELETE member of group", id -> http(api.delete("/v1/groups/" + id + "/members/" + alice.userId(),
        token)));
    probes.put("POST member userId", id -> http(api.post("/v1/groups/" + groupId + "/members", token, userId(id))));
    probes.put("DELETE member", id -> http(api.delete("/v1/groups/" + groupId + "/members/" + id, token)));
    probes.put("POST group members", id -> http(api.post("/v1/groups", token,
        new JsonObject().put("name", "g").put("members", new JsonArray().add(id)))));
    probes.put("history of group", id -> http(api.history(alice, Conversations.group(id), "")));
    probes.put("history of direct", id -> http(api.history(alice, "dm:" + alice.userId() + ":" + id, "")));
    probes.put("history before", id -> http(api.history(alice, direct, "before=" + id)));
    probes.put("history after", id -> http(api.history(alice, direct, "after=" + id)));
    probes.put("HTTP read messageId", id -> http(api.put("/v1/conversations/" + direct + "/read", token,
        new JsonObject().put("messageId", id))));
    probes.put("GET reads of group", id -> http(api.get("/v1/conversations/group:" + id + "/read", token)));
    probes.put("frame send toUser", id -> frame(Frames.send("c-" + id, "hi").put("toUser", id)));
    probes.put("frame send toGroup", id -> frame(Frames.send("c-" + id, "hi").put("toGroup", id)));
    probes.put("frame read conversation", id -> frame(Frames.read(Conversations.group(id), UNKNOWN_ID)));
    probes.put("frame read messageId", id -> frame(Frames.read(direct, id)));
    probes.put("frame typing in group", id -> frame(Frames.typing(Conversations.group(id))));
    probes.put("frame typing in direct", id -> frame(Frames.typing("dm:" + alice.userId() + ":" + id)));
    return probes;
  }

  private static boolean overHttp(String path) {
    return !path.startsWith("frame ");
  }

  private static JsonObject userId(String id) {
    return new JsonObject().put("userId", id);
  }

  private static JsonObject userId(TestUser user) {
    return userId(user.userId());
  }

  private static String http(ApiResponse response) {
    return response.status() < 300 ? String.valueOf(response.status())
        : response.status() + " " + response.json().getJsonObject("error").getString("code");
  }

  /** Sends a frame and returns its answer: an error's code, or the type of a success (a read's is its receipt). */
  private String frame(JsonObject frame) {
    String ref = "p" + refs.incrementAndGet();
    phone.send(frame.put("ref", ref));
    JsonObject answer = phone.poll(f -> ref.equals(f.getString("ref")) || "read".equals(f.getString("type"))
        && frame.getString("conversationId", "").equals(f.getString("conversationId")), WsClient.TIMEOUT)
        .orElseThrow(() -> new AssertionError("no answer to " + frame.encode()));
    return "error".equals(answer.getString("type")) ? answer.getString("code") : answer.getString("type");
  }
}
