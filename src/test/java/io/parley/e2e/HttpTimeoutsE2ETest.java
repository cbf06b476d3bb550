package io.parley.e2e;

import io.parley.e2e.support.Frames;
import io.parley.e2e.support.RawConnection;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("HTTP: connections that never finish a request, or idle between requests, are closed")
class HttpTimeoutsE2ETest {
  private static final int TIMEOUT_SECONDS = 1;
  /** The deadline plus generous room for a loaded CI machine. */
  private static final Duration CLOSED_WITHIN = Duration.ofSeconds(TIMEOUT_SECONDS + 4);

  @RegisterExtension
  static final TestServer server = TestServer.withConfig(config -> config
      .set("http.requestTimeoutSeconds", TIMEOUT_SECONDS)
      .set("http.idleTimeoutSeconds", TIMEOUT_SECONDS));

  @Test
  @DisplayName("a connection that sends nothing is closed after the request timeout; a fresh one still gets answers")
  void silentConnectionClosed() throws Exception {
    try (RawConnection silent = RawConnection.open(server.port(), "127.0.0.1")) {
      long start = System.nanoTime();
      assertThat(silent.awaitClosedByServer(CLOSED_WITHIN)).as("silent connection closed").isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(800));
      try (RawConnection another = RawConnection.open(server.port(), "127.0.0.1")) {
        assertThat(another.get("/health")).isEqualTo("HTTP/1.1 200 OK");
      }
    }
  }

  @Test
  @DisplayName("a request dripped a byte every 200 ms is closed at the request timeout, though bytes keep coming")
  void slowlorisClosed() throws Exception {
    try (RawConnection slow = RawConnection.open(server.port(), "127.0.0.1")) {
      CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> awaitClosed(slow));
      String request = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "x".repeat(100) + "\r\n\r\n";
      int dripped = 0;
      try {
        while (!closed.isDone() && dripped < request.length()) {
          slow.write(request.substring(dripped, dripped + 1));
          dripped++;
          Thread.sleep(200);
        }
      } catch (IOException cut) {
        // the server closed it while we were writing
      }
      assertThat(closed.get()).as("dripping connection closed").isTrue();
      assertThat(dripped).as("bytes dripped before the close, of %d", request.length())
          .isLessThan(request.length());
    }
  }

  @Test
  @DisplayName("a kept-alive connection is closed once idle after its response, and a WebSocket is not")
  void idleKeepAliveClosedWebSocketKept(Vertx vertx) throws Exception {
    TestUser alice = server.api(vertx).newUser("alice");
    WsClient phone = server.device(vertx, alice, "phone");
    try (RawConnection keptAlive = RawConnection.open(server.port(), "127.0.0.1")) {
      assertThat(keptAlive.get("/health")).isEqualTo("HTTP/1.1 200 OK");
      assertThat(keptAlive.awaitClosedByServer(CLOSED_WITHIN)).as("idle kept-alive connection closed").isTrue();
    }
    // by now well past both timeouts; the WebSocket, heartbeating, still answers
    assertThat(phone.request(Frames.sync(0, 1)).getString("type")).isEqualTo("sync.page");
    assertThat(phone.isClosed()).isFalse();
  }

  private static boolean awaitClosed(RawConnection connection) {
    try {
      return connection.awaitClosedByServer(CLOSED_WITHIN.plusSeconds(30));
    } catch (IOException e) {
      return true;
    }
  }
}
