package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(VertxExtension.class)
@DisplayName("HTTP: unknown paths and wrong methods")
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
}
