package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("HTTP: unknown paths and wrong methods; discovery on a node that is not clustered")
class HttpRoutesE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.shared();

  @Test
  @DisplayName("a path the API lacks is 404 NOT_FOUND, a known path with a method it does not serve 405")
  void unknownPathAndWrongMethod(Vertx vertx) {
    ApiClient api = server.api(vertx);
    TestUser user = api.newUser("router");
    api.get("/v1/me", user.token()).expect(200);
    api.get("/v1/no-such-route", user.token()).expectError(404, "NOT_FOUND");
    api.put("/v1/me", user.token(), null).expectError(405, "METHOD_NOT_ALLOWED");
    api.put("/v1/sessions", null, null).expectError(405, "METHOD_NOT_ALLOWED");
    api.get("/v1/sessions", null).expectError(401, "UNAUTHORIZED");
    api.put("/v1/accounts", null, null).expectError(405, "METHOD_NOT_ALLOWED");
    api.put("/v1/me", null, null).expectError(401, "UNAUTHORIZED");
  }

  @Test
  @DisplayName("GET /v1/discovery on a single node names that node; without a token it is 401")
  void discoveryNamesItself(Vertx vertx) {
    ApiClient api = server.api(vertx);
    TestUser user = api.newUser("finder");
    assertThat(api.get("/v1/discovery", user.token()).expect(200).getString("address"))
        .isEqualTo("127.0.0.1:" + server.port());
    api.get("/v1/discovery", null).expectError(401, "UNAUTHORIZED");
  }

  @Test
  @DisplayName("GET /v1/discovery checks a token's signature and expiry, not its session: a logged-out token still "
      + "learns the node (and is refused where it would connect), a tampered or unsigned one is 401")
  void discoveryChecksSignatureOnly(Vertx vertx) {
    ApiClient api = server.api(vertx);
    TestUser user = api.newUser("wanderer");
    JsonObject claims = Tokens.claims(user.token()).put("sub", api.newUser("victim").userId());
    api.get("/v1/discovery", Tokens.tampered(user.token(), claims)).expectError(401, "UNAUTHORIZED");
    api.get("/v1/discovery", Tokens.unsigned(claims)).expectError(401, "UNAUTHORIZED");

    api.delete("/v1/sessions/current", user.token()).expect(204);

    api.get("/v1/me", user.token()).expectError(401, "UNAUTHORIZED");
    SessionsE2ETest.expectUpgradeRefused(vertx, server.port(), user.token());
    assertThat(api.get("/v1/discovery", user.token()).expect(200).getString("address"))
        .isEqualTo("127.0.0.1:" + server.port());
  }

  @Test
  @DisplayName("GET /v1/openapi.json serves docs/openapi.json as JSON, without a token; other methods are 405")
  void servesTheApiDocument(Vertx vertx) throws IOException {
    ApiClient api = server.api(vertx);
    JsonObject source = new JsonObject(Files.readString(Path.of("docs/openapi.json")));
    var answer = api.get("/v1/openapi.json", null);
    assertThat(answer.expect(200)).isEqualTo(source);
    assertThat(answer.header("Content-Type")).isEqualTo("application/json");
    assertThat(source.getString("openapi")).isEqualTo("3.1.0");
    api.post("/v1/openapi.json", null, null).expectError(405, "METHOD_NOT_ALLOWED");
  }
}
