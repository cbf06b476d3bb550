package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.ApiResponse;
import io.parley.e2e.support.RawWebSocket;
import io.parley.e2e.support.ServerProcess;
import io.parley.e2e.support.TestConfig;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Shutdown: on SIGTERM the node turns /health to 503, refuses upgrades and moves every WebSocket with 4002")
class ShutdownE2ETest {
  private static final Duration DRAIN = Duration.ofSeconds(15);

  @Test
  @DisplayName("SIGTERM: a connected client gets a reconnect hint then 4002, /health answers 503 naming the drain, and "
      + "a WebSocket upgrade is refused 503 UNAVAILABLE with Retry-After meanwhile")
  void sigtermMovesClients(Vertx vertx) throws Exception {
    try (ServerProcess node = new ServerProcess(TestConfig.defaults().set("node.drainSpreadSeconds", 1)).start()) {
      ApiClient api = new ApiClient(vertx, node.port());
      TestUser alice = api.newUser("alice");
      WsClient phone = WsClient.open(vertx, node.port(), alice, "phone");
      // a client that never answers the close frame holds the drain open for the server's 2 s cut-off
      RawWebSocket silent = RawWebSocket.open(node.port(), "/v1/ws?deviceId=silent", alice.token());
      assertThat(healthStatus(node.port()).statusCode()).as("health before").isEqualTo(200);
      api.get("/v1/ws?deviceId=late", alice.token()).expectError(400, "INVALID");

      node.terminate();

      HttpResponse<String> draining = awaitHealth503(node.port());
      assertThat(new JsonObject(draining.body()).getJsonObject("checks").getJsonObject("draining"))
          .isEqualTo(new JsonObject().put("status", "DOWN").put("reason", "node is shutting down"));
      ApiResponse refused = api.get("/v1/ws?deviceId=late", alice.token());
      refused.expectError(503, "UNAVAILABLE");
      assertThat(refused.header("Retry-After")).isEqualTo("1");
      assertThat(phone.next("reconnect").getLong("afterMs")).as("reconnect delay hint").isBetween(0L, 999L);
      assertThat(phone.awaitClose(DRAIN)).as("close code the client got").isEqualTo((short) 4002);
      assertThat(silent.drain((int) DRAIN.toMillis()).closeCode()).as("close code of the silent client")
          .isEqualTo(4002);
      assertThat(node.awaitExit(DRAIN)).as("process exited").isTrue();
    }
  }

  private static HttpResponse<String> awaitHealth503(int port) throws Exception {
    long deadline = System.nanoTime() + DRAIN.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> health = healthStatus(port);
        if (health.statusCode() == 503) {
          return health;
        }
      } catch (IOException refused) {
        throw new AssertionError("/health refused before it answered 503 during the drain", refused);
      }
      Thread.sleep(20);
    }
    throw new AssertionError("/health never answered 503 within " + DRAIN);
  }

  private static HttpResponse<String> healthStatus(int port) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
