package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.RawWebSocket;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("WebSocket: the RFC 6455 handshake, ping and the closing handshake, byte for byte")
class WebSocketHandshakeE2ETest {
  private static final int OPCODE_TEXT = 0x1;
  private static final int OPCODE_CLOSE = 0x8;
  private static final int OPCODE_PING = 0x9;
  private static final int OPCODE_PONG = 0xA;

  @RegisterExtension
  static final TestServer server = TestServer.shared();

  @Injected private TestUser alice;

  @Test
  @DisplayName("the 101 answers the key with the accept value RFC 6455 gives for it")
  void acceptKey() throws Exception {
    try (RawWebSocket raw = RawWebSocket.request(server.port(), upgrade("13", "dGhlIHNhbXBsZSBub25jZQ=="))) {
      String head = raw.readHead();
      assertThat(head).startsWith("HTTP/1.1 101").containsIgnoringCase("upgrade: websocket")
          .containsIgnoringCase("connection: upgrade")
          .containsIgnoringCase("sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
      assertThat(raw.nextFrame().text()).contains("\"type\":\"welcome\"");
    }
  }

  @Test
  @DisplayName("a version other than 13 is refused with 426 and the version the server speaks")
  void otherVersion() throws Exception {
    try (RawWebSocket raw = RawWebSocket.request(server.port(), upgrade("8", "dGhlIHNhbXBsZSBub25jZQ=="))) {
      assertThat(raw.readHead()).startsWith("HTTP/1.1 426").containsIgnoringCase("sec-websocket-version: 13");
    }
  }

  @Test
  @DisplayName("a plain GET of the endpoint, with a valid token, is refused with 400 INVALID")
  void notAnUpgrade(Vertx vertx) {
    new ApiClient(vertx, server.port()).get("/v1/ws?deviceId=phone", alice.token()).expectError(400, "INVALID");
  }

  @Test
  @DisplayName("a ping is answered with a pong carrying the same payload")
  void ping() throws Exception {
    try (RawWebSocket raw = RawWebSocket.open(server.port(), "/v1/ws?deviceId=raw", alice.token())) {
      assertThat(raw.nextFrame().opcode()).isEqualTo(OPCODE_TEXT);
      raw.sendFrame(OPCODE_PING, "are you there".getBytes(StandardCharsets.UTF_8));
      RawWebSocket.Frame pong = raw.nextFrame();
      if (pong.opcode() == OPCODE_TEXT) {
        pong = raw.nextFrame(); // the presence snapshot after welcome may come before the pong
      }
      assertThat(pong.opcode()).isEqualTo(OPCODE_PONG);
      assertThat(pong.text()).isEqualTo("are you there");
    }
  }

  @Test
  @DisplayName("a client's close frame is echoed with its code, then the server closes the connection")
  void clientClose() throws Exception {
    try (RawWebSocket raw = RawWebSocket.open(server.port(), "/v1/ws?deviceId=raw", alice.token())) {
      assertThat(raw.nextFrame().opcode()).isEqualTo(OPCODE_TEXT);
      raw.sendFrame(OPCODE_CLOSE, new byte[] {0x03, (byte) 0xe8});
      RawWebSocket.Frame close = raw.nextFrame();
      if (close.opcode() == OPCODE_TEXT) {
        close = raw.nextFrame(); // the presence snapshot after welcome may come before the echo
      }
      assertThat(close.opcode()).isEqualTo(OPCODE_CLOSE);
      assertThat(close.closeCode()).isEqualTo(1000);
      assertThat(raw.isClosedByServer()).isTrue();
    }
  }

  private String upgrade(String version, String key) {
    return "GET /v1/ws?deviceId=raw HTTP/1.1\r\n"
        + "Upgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n"
        + "Sec-WebSocket-Key: " + key + "\r\n"
        + "Sec-WebSocket-Version: " + version + "\r\n"
        + "Authorization: Bearer " + alice.token() + "\r\n";
  }
}
