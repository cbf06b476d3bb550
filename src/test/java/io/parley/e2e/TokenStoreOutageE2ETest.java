package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.Tokens;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A gateway whose store is unreachable (a node running the gateway alone) cannot tell whether a token's user exists:
 * it answers 503 UNAVAILABLE, which clients retry, rather than 401, which would make them log in again.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Tokens: while the account store is unreachable a well-signed token gets 503 UNAVAILABLE, not 401")
class TokenStoreOutageE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.withConfig(config -> config
      .set("node.verticles", new JsonArray().add("gateway")));

  @Test
  @DisplayName("HTTP and the WebSocket upgrade answer 503; a badly signed token on the same node still gets 401")
  void storeOutageIsUnavailable(Vertx vertx) {
    ApiClient api = server.api(vertx);
    long now = Tokens.nowSeconds();
    JsonObject claims = new JsonObject().put("sub", "0123456789abcdef").put("sid", "0000000000000001")
        .put("iat", now).put("exp", now + 3600);
    api.get("/v1/me", Tokens.signHs256(claims, "another-secret-of-enough-length-0123456789"))
        .expectError(401, "UNAUTHORIZED");

    String token = Tokens.signHs256(claims, server.jwtSecret());
    api.get("/v1/me", token).expectError(503, "UNAVAILABLE");
    Throwable failure = catchThrowable(() -> WsClient.attempt(vertx, server.port(), "/v1/ws?deviceId=phone",
        "Bearer " + token).await(10, TimeUnit.SECONDS));
    assertThat(failure).isInstanceOf(UpgradeRejectedException.class);
    assertThat(((UpgradeRejectedException) failure).getStatus()).isEqualTo(503);
  }
}
