package io.parley.e2e;

import io.parley.e2e.support.RawConnection;
import io.parley.e2e.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
@DisplayName("HTTP: connections are capped per source address and in total, and the metrics port stays reachable")
class ConnectionCapsE2ETest {
  private static final int PER_ADDRESS = 3;
  private static final int TOTAL = 5;
  private static final long ADMIT_WITHIN_MILLIS = 10_000;

  @RegisterExtension
  static final TestServer server = TestServer.withConfig(config -> config
      .set("http.maxConnectionsPerAddress", PER_ADDRESS)
      .set("http.maxConnections", TOTAL));

  private final List<RawConnection> held = new ArrayList<>();

  @AfterEach
  void closeHeld() throws IOException {
    for (RawConnection connection : held) {
      connection.close();
    }
  }

  @Test
  @DisplayName("the Nth connection from one address is served, the N+1th closed at once, another address still served")
  void perAddress() throws Exception {
    for (int i = 0; i < PER_ADDRESS; i++) {
      admitted("127.0.0.2");
    }
    assertRefused(hold("127.0.0.2"));
    assertThat(admitted("127.0.0.3").get("/health")).as("another source address").isEqualTo("HTTP/1.1 200 OK");
  }

  @Test
  @DisplayName("with the public port at its total cap a new connection is closed at once, and metrics /health answers")
  void total(Vertx vertx) throws Exception {
    for (int i = 0; i < TOTAL; i++) {
      admitted("127.0.1." + (1 + i % 2));
    }
    assertRefused(hold("127.0.1.9"));
    assertThat(server.metricsApi(vertx).get("/health", null).expect(200).getString("status")).isEqualTo("UP");
  }

  /**
   * A connection from {@code address} that the server answers, held open. Another test's connections give their
   * place back as the server sees them close, so an early refusal is retried for a while.
   */
  private RawConnection admitted(String address) throws Exception {
    long deadline = System.currentTimeMillis() + ADMIT_WITHIN_MILLIS;
    while (true) {
      RawConnection connection = RawConnection.open(server.port(), address);
      try {
        assertThat(connection.get("/health")).isEqualTo("HTTP/1.1 200 OK");
        held.add(connection);
        return connection;
      } catch (IOException refused) {
        connection.close();
        if (System.currentTimeMillis() > deadline) {
          throw refused;
        }
        Thread.sleep(50);
      }
    }
  }

  private RawConnection hold(String address) throws IOException {
    RawConnection connection = RawConnection.open(server.port(), address);
    held.add(connection);
    return connection;
  }

  /** Closed without an answer: no byte of HTTP comes back, only the end of the stream or a reset. */
  private static void assertRefused(RawConnection connection) {
    assertThatThrownBy(() -> connection.get("/health")).as("answer on a connection over the cap")
        .isInstanceOf(IOException.class);
  }
}
