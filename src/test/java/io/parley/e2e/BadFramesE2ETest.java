package io.parley.e2e;

import io.parley.e2e.support.Frames;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Every recoverable bad frame gets its error, and the same connection then still delivers a message. */
@ExtendWith(VertxExtension.class)
@DisplayName("WebSocket: bad frames get a clear error and the connection stays usable")
class BadFramesE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.shared();

  @Injected private Vertx vertx;
  @Injected private TestUser aliceUser;
  @Injected private TestUser bob;
  private WsClient alice;

  @BeforeEach
  void alicePhone() {
    alice = server.device(vertx, aliceUser, "phone");
  }

  @AfterEach
  void connectionStillUsable() {
    assertThat(alice.isClosed()).as("connection closed after a recoverable error").isFalse();
    alice.ack(Frames.textTo(bob, "still usable"));
  }

  @Test
  @DisplayName("a binary frame is BINARY_NOT_SUPPORTED")
  void binaryFrame() {
    alice.sendBinary(Buffer.buffer(Frames.textTo(bob, "as binary").encode()));
    assertThat(alice.next("error").getString("code")).isEqualTo("BINARY_NOT_SUPPORTED");
  }

  @Test
  @DisplayName("an unknown frame type is UNKNOWN_TYPE, with the ref copied")
  void unknownType() {
    JsonObject error = alice.expectError(new JsonObject().put("type", "teleport"), "UNKNOWN_TYPE");
    assertThat(error.getString("ref")).startsWith("r");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"{\"type\": \"send\", ", "not json at all", "[1, 2, 3]", "42", "\"send\""})
  @DisplayName("a frame that is not a JSON object is INVALID_JSON")
  void malformedJson(String text) {
    alice.sendRaw(text);
    assertThat(alice.next("error").getString("code")).isEqualTo("INVALID_JSON");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "{\"type\": \"send\", \"toUser\": \"BOB\", \"text\": \"no client id\"}",
      "{\"type\": \"send\", \"clientMessageId\": \"\", \"toUser\": \"BOB\", \"text\": \"empty client id\"}",
      "{\"type\": \"send\", \"clientMessageId\": \"__65__\", \"toUser\": \"BOB\", \"text\": \"long client id\"}",
      "{\"type\": \"send\", \"clientMessageId\": 17, \"toUser\": \"BOB\", \"text\": \"numeric client id\"}",
      "{\"type\": \"send\", \"clientMessageId\": \"c1\", \"toUser\": \"BOB\"}",
      "{\"type\": \"send\", \"clientMessageId\": \"c1\", \"toUser\": \"BOB\", \"text\": \"\"}",
      "{\"type\": \"send\", \"clientMessageId\": \"c1\", \"toUser\": \"BOB\", \"text\": 12}",
      "{\"type\": \"send\", \"clientMessageId\": \"c1\", \"toUser\": \"BOB\", \"text\": {\"nested\": true}}",
      "{\"type\": \"send\", \"clientMessageId\": \"c1\", \"text\": \"no recipient\"}",
      "{\"type\": \"send\", \"clientMessageId\": \"c1\", \"toUser\": \"BOB\", \"toGroup\": \"0000000000000000\", \"text\": \"both\"}",
      "{\"type\": \"send\", \"clientMessageId\": \"c1\", \"toUser\": 123, \"text\": \"numeric recipient\"}",
      "{\"type\": \"sync\", \"after\": \"zero\"}",
      "{\"type\": \"sync\", \"after\": 0, \"limit\": 0}",
      "{\"type\": \"sync\", \"after\": 0, \"limit\": 501}",
      "{\"type\": \"sync\", \"after\": 0, \"limit\": \"ten\"}",
      "{\"type\": \"read\", \"messageId\": \"0000000000000000\"}",
      "{\"type\": \"read\", \"conversationId\": \"nonsense\", \"messageId\": \"0000000000000000\"}",
      "{\"type\": \"typing\"}",
      "{\"type\": \"typing\", \"conversationId\": 5}"})
  @DisplayName("a field missing, empty, too long or of the wrong type is INVALID")
  void invalidFields(String template) {
    JsonObject frame = new JsonObject(template.replace("BOB", bob.userId()).replace("__65__", "c".repeat(65)));
    JsonObject error = alice.expectError(frame, "INVALID");
    assertThat(error.getString("message")).isNotBlank();
  }

  @Test
  @DisplayName("an error names the send's clientMessageId")
  void errorNamesClientMessageId() {
    JsonObject send = Frames.textTo(bob, "");
    assertThat(alice.expectError(send, "INVALID").getString("clientMessageId"))
        .isEqualTo(send.getString("clientMessageId"));
  }

  @Test
  @DisplayName("after a run of bad frames nothing was stored or delivered")
  void badFramesDeliverNothing(Vertx vertx) {
    WsClient bobPhone = server.device(vertx, bob, "phone");
    alice.expectError(Frames.textTo(bob, ""), "INVALID");
    alice.sendRaw("{\"type\": \"send\", ");
    alice.next("error");
    bobPhone.expectNone(WsClient.ofType("message"), Duration.ofMillis(300));
    assertThat(bobPhone.request(Frames.sync(0, 10)).getJsonArray("entries")).isEmpty();
  }
}
