package io.parley.e2e.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test client itself: Vert.x shuts a WebSocketClient down once nothing references it, which once cut a handshake
 * in CI ("Connection closed while handshake in process"); a device's client is held for as long as its socket is open.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Test client: upgrades survive garbage collection during their handshakes")
class WsClientTest {
  @RegisterExtension
  static final TestServer server = TestServer.shared();

  @Test
  @DisplayName("upgrades complete while collections run during their handshakes")
  void handshakesSurviveCollection(Vertx vertx) throws Exception {
    TestUser user = server.api(vertx).newUser("gc");
    for (int i = 0; i < 10; i++) {
      Future<WebSocket> attempt = WsClient.attempt(vertx, server.port(), "/v1/ws?deviceId=d" + i, "Bearer " + user.token());
      System.gc();
      assertThat(attempt.await(10, TimeUnit.SECONDS)).as("upgrade %d", i).isNotNull();
    }
  }
}
