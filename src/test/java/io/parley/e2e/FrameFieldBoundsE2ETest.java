package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Frames;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frames and HTTP bodies with more fields than any request has are refused with INVALID before the server builds them,
 * including keys that all share one hash code; the connection (or the next request) then works as before.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Field bounds: frames and bodies with many keys are refused with INVALID, quickly, and nothing breaks")
class FrameFieldBoundsE2ETest {
  /**
   * Generous for a loaded CI machine: a refusal takes milliseconds. Without the bound the frames are served instead
   * (16,384 colliding keys took about 950 ms to parse cold), which is what these tests catch first.
   */
  private static final Duration QUICKLY = Duration.ofMillis(2000);

  @RegisterExtension
  static final TestServer server = TestServer.shared();

  @Injected private Vertx vertx;
  @Injected private ApiClient api;
  @Injected private TestUser alice;
  private WsClient phone;

  @BeforeEach
  void device() {
    phone = server.device(vertx, alice, "phone");
  }

  @AfterEach
  void connectionStillWorks() {
    assertThat(phone.isClosed()).isFalse();
    assertThat(phone.request(Frames.sync(0, 10)).getString("type")).isEqualTo("sync.page");
  }

  @Test
  @DisplayName("a sync frame with 10,000 extra keys is INVALID")
  void tenThousandKeys() {
    expectRefused(syncWithKeys(10_000, i -> "k" + i));
  }

  @Test
  @DisplayName("a sync frame of 16,384 keys with one hash code (\"Aa\"/\"BB\" combinations, 540 KB) is INVALID")
  void collidingKeys() {
    assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
    String frame = syncWithKeys(1 << 14, i -> colliding(i, 14));
    assertThat(frame.length()).isGreaterThan(500_000);
    expectRefused(frame);
  }

  @Test
  @DisplayName("16 fields are answered; the 17th, or a field that is an object or array, is INVALID")
  void boundary() {
    JsonObject sixteen = Frames.sync(0, 10);
    for (int i = 0; sixteen.size() < 15; i++) {
      sixteen.put("extra" + i, i);
    }
    assertThat(phone.request(sixteen).getString("type")).isEqualTo("sync.page");
    expectRefused(sixteen.copy().put("ref", "edge").put("one-too-many", 1).encode());
    expectRefused(Frames.sync(0, 10).put("ref", "edge").put("nested", new JsonObject()).encode());
    expectRefused(Frames.sync(0, 10).put("ref", "edge").put("nested", new JsonArray()).encode());
  }

  @Test
  @DisplayName("an HTTP body of 2,048 colliding keys (55 KB) is 400 INVALID; a group of 100 members right after is created")
  void httpBodyWithManyKeys() {
    StringBuilder body = new StringBuilder("{\"name\":\"keys\"");
    for (int i = 0; i < 1 << 11; i++) {
      body.append(",\"").append(colliding(i, 11)).append("\":0");
    }
    long started = System.nanoTime();
    api.post("/v1/groups", alice.token(), body.append('}').toString()).expectError(400, "INVALID");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(QUICKLY);

    List<String> members = api.newUsers("member", 99).stream().map(TestUser::userId).toList();
    JsonObject group = api.post("/v1/groups", alice.token(),
        new JsonObject().put("name", "full").put("members", new JsonArray(members))).expect(201);
    assertThat(group.getJsonArray("members")).hasSize(100);
  }

  /** Sends {@code frame} (ref "edge" or "big") and expects INVALID for it, not the sync page it asks for. */
  private void expectRefused(String frame) {
    long started = System.nanoTime();
    phone.sendRaw(frame);
    JsonObject answer = phone.poll(f -> "error".equals(f.getString("type"))
        || "sync.page".equals(f.getString("type")) && List.of("big", "edge").contains(f.getString("ref")),
        WsClient.TIMEOUT).orElseThrow(() -> new AssertionError("no answer to a frame of " + frame.length() + " chars"));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(answer.getString("type")).as("answer %s", answer).isEqualTo("error");
    assertThat(answer.getString("code")).isEqualTo("INVALID");
    assertThat(answer.getString("ref")).as("the refusal names the frame's ref").isIn("big", "edge");
    assertThat(took).isLessThan(QUICKLY);
  }

  private static String syncWithKeys(int keys, IntFunction<String> key) {
    StringBuilder frame = new StringBuilder("{\"type\":\"sync\",\"ref\":\"big\",\"after\":0");
    for (int i = 0; i < keys; i++) {
      frame.append(",\"").append(key.apply(i)).append("\":0");
    }
    return frame.append('}').toString();
  }

  /** The i-th of the strings made of {@code pairs} "Aa" or "BB" pairs: all have the same hash code. */
  private static String colliding(int i, int pairs) {
    StringBuilder key = new StringBuilder(2 * pairs);
    for (int bit = pairs - 1; bit >= 0; bit--) {
      key.append((i >> bit & 1) == 0 ? "Aa" : "BB");
    }
    return key.toString();
  }
}
