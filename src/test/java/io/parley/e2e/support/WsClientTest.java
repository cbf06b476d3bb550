package io.parley.e2e.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test client itself: Vert.x shuts a WebSocketClient down once nothing references it, which once cut a handshake
 * in CI ("Connection closed while handshake in process"); a device's client is held for as long as its socket is open.
 * Here the handshakes are held open by a proxy while collections run, so the collection surely lands in them, and a
 * client nobody holds is cut meanwhile, which shows the collections did run with the power to cut.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Test client: upgrades survive garbage collection during their handshakes")
class WsClientTest {
  private static final long COLLECT_MILLIS = 10_000;

  @RegisterExtension
  static final TestServer server = TestServer.shared();

  @Test
  @DisplayName("upgrades complete while collections run during their handshakes; an unreferenced client's is cut")
  void handshakesSurviveCollection(Vertx vertx) throws Exception {
    TestUser user = server.api(vertx).newUser("gc");
    try (HeldProxy proxy = HeldProxy.start(vertx, server.port())) {
      Future<WebSocket> attempt = WsClient.attempt(vertx, proxy.port(), "/v1/ws?deviceId=a", "Bearer " + user.token());
      CompletableFuture<WsClient> device = CompletableFuture.supplyAsync(
          () -> WsClient.connect(vertx, proxy.port(), "/v1/ws?deviceId=b", "Bearer " + user.token()));
      Future<WebSocket> unreferenced = vertx.createWebSocketClient().connect(new WebSocketConnectOptions()
          .setHost("127.0.0.1").setPort(proxy.port()).setURI("/v1/ws?deviceId=c")
          .addHeader("Authorization", "Bearer " + user.token()));
      awaitHeld(proxy, 3);

      collectUntil(unreferenced);
      assertThat(unreferenced.failed()).as("the unreferenced client's handshake was cut").isTrue();

      proxy.release();
      assertThat(attempt.await(10, TimeUnit.SECONDS)).as("upgrade through attempt").isNotNull();
      assertThat(device.get(10, TimeUnit.SECONDS).welcome()).as("welcome through connect").isNotNull();
      device.get().close();
    }
  }

  private static void awaitHeld(HeldProxy proxy, int connections) throws InterruptedException {
    long deadline = System.currentTimeMillis() + COLLECT_MILLIS;
    while (proxy.held() < connections) {
      assertThat(System.currentTimeMillis()).as("%d connections held", connections).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  /** Collects until the client nobody references has been shut down, ending its handshake. */
  private static void collectUntil(Future<WebSocket> unreferenced) throws InterruptedException {
    long deadline = System.currentTimeMillis() + COLLECT_MILLIS;
    while (!unreferenced.isComplete()) {
      assertThat(System.currentTimeMillis()).as("unreferenced client collected").isLessThan(deadline);
      System.gc();
      Thread.sleep(20);
    }
  }
}
