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
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Rate limits: frames per connection and failed logins per account")
class RateLimitE2ETest {
  private static final int RATE = 2;
  private static final int BURST = 4;
  private static final int MAX_FAILURES = 3;
  private static final int LOCKOUT_SECONDS = 2;

  @RegisterExtension
  static final TestServer server = TestServer.withConfig(config -> config
      .set("gateway.messagesPerSecond", RATE)
      .set("gateway.messageBurst", BURST)
      .set("auth.loginMaxFailures", MAX_FAILURES)
      .set("auth.loginLockoutSeconds", LOCKOUT_SECONDS));

  @Injected private Vertx vertx;
  @Injected private ApiClient api;
  @Injected private TestUser alice;
  @Injected private TestUser bob;

  @Test
  @DisplayName("a flood past the burst gets RATE_LIMITED with retryAfter, is not stored, and the connection recovers")
  void floodIsRateLimited() throws InterruptedException {
    WsClient phone = server.device(vertx, alice, "phone");
    long start = System.nanoTime();
    List<JsonObject> answers = flood(phone, 12);
    long refilled = (long) Math.ceil((System.nanoTime() - start) / 1e9 * RATE);
    List<JsonObject> acks = answers.stream().filter(a -> "ack".equals(a.getString("type"))).toList();
    List<JsonObject> refusals = answers.stream().filter(a -> "error".equals(a.getString("type"))).toList();

    assertThat(acks.size()).as("acked of 12 sent at once").isBetween(BURST, BURST + (int) refilled);
    assertThat(refusals).hasSize(12 - acks.size()).allSatisfy(error -> {
      assertThat(error.getString("code")).isEqualTo("RATE_LIMITED");
      assertThat(error.getValue("retryAfter")).isInstanceOf(Number.class);
      assertThat(error.getLong("retryAfter")).isPositive().isLessThanOrEqualTo(2000L);
      assertThat(error.getString("clientMessageId")).isNotBlank();
    });
    assertThat(api.history(alice, Conversations.direct(alice, bob), "").expect(200).getJsonArray("messages"))
        .hasSize(acks.size());

    long wait = refusals.stream().mapToLong(error -> error.getLong("retryAfter")).max().orElse(0);
    Thread.sleep(wait + 100);
    assertThat(phone.isClosed()).isFalse();
    phone.ack(Frames.textTo(bob, "after waiting"));
  }

  @Test
  @DisplayName("malformed frames spend the budget too, so they cannot flood the server with answers")
  void malformedFramesAreCounted() {
    WsClient phone = server.device(vertx, alice, "phone");
    IntStream.range(0, 3 * BURST).forEach(i -> phone.sendRaw("not json " + i));
    List<String> codes = IntStream.range(0, 3 * BURST).mapToObj(i -> phone.next("error").getString("code")).toList();
    assertThat(codes).contains("INVALID_JSON", "RATE_LIMITED");
    assertThat(codes.stream().filter("INVALID_JSON"::equals).count()).isLessThanOrEqualTo(BURST + 2);
  }

  @Test
  @DisplayName("heartbeats are not counted, and each connection has its own budget")
  void heartbeatsAndOtherConnectionsUnaffected() {
    WsClient phone = server.device(vertx, alice, "phone");
    IntStream.range(0, 3 * BURST).forEach(i -> phone.heartbeat());
    assertThat(flood(phone, BURST)).allSatisfy(answer -> assertThat(answer.getString("type")).isEqualTo("ack"));

    flood(phone, 3 * BURST);
    WsClient laptop = server.device(vertx, alice, "laptop");
    assertThat(flood(laptop, BURST)).allSatisfy(answer -> assertThat(answer.getString("type")).isEqualTo("ack"));
  }

  @Test
  @DisplayName("after N failed logins the account gets 429 with Retry-After, even with the right password, until it passes")
  void loginLockout() throws InterruptedException {
    IntStream.range(0, MAX_FAILURES)
        .forEach(i -> api.tryLogIn(alice.username(), "wrong password").expectError(401, "UNAUTHORIZED"));

    ApiResponse locked = api.tryLogIn(alice.username(), alice.password());
    locked.expectError(429, "RATE_LIMITED");
    assertThat(locked.header("Retry-After")).as("Retry-After header").isNotNull();
    int retryAfter = Integer.parseInt(locked.header("Retry-After").trim());
    assertThat(retryAfter).isBetween(1, LOCKOUT_SECONDS);
    ApiResponse stillLocked = api.tryLogIn(alice.username(), "wrong password");
    stillLocked.expectError(429, "RATE_LIMITED");
    api.logIn(bob.username(), bob.password());

    Thread.sleep(Integer.parseInt(stillLocked.header("Retry-After").trim()) * 1000L + 300);
    api.logIn(alice.username(), alice.password());
  }

  /** {@code count} sends all in flight at once; their answers in send order. */
  private List<JsonObject> flood(WsClient device, int count) {
    List<CompletableFuture<JsonObject>> answers = IntStream.range(0, count)
        .mapToObj(i -> device.requestAsync(Frames.textTo(bob, "flood " + i))).toList();
    return answers.stream().map(CompletableFuture::join).toList();
  }
}
