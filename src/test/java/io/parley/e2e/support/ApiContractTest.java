package io.parley.e2e.support;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The check of answers against docs/openapi.json reports what breaks it, and passes what the document describes. */
class ApiContractTest {
  private static final String USER = "0194d2c39f000000";
  private static Vertx vertx;
  private static ApiContract contract;

  @BeforeAll
  static void load() {
    vertx = Vertx.vertx();
    contract = ApiContract.of(vertx, ApiContract.document());
  }

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  private static JsonObject profile() {
    return new JsonObject().put("userId", USER).put("username", "alice").put("displayName", "Alice").put("bio", "")
        .put("createdAt", 1732700000000L).put("pushPreviews", true);
  }

  private static JsonObject error(String code) {
    return new JsonObject().put("error", new JsonObject().put("code", code).put("message", "why"));
  }

  private static String check(HttpMethod method, String uri, int status, Object body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    return check(method, uri, status, headers, body);
  }

  private static String check(HttpMethod method, String uri, int status, MultiMap headers, Object body) {
    if (body != null) {
      headers.add("content-type", "application/json");
    }
    Buffer bytes = body == null ? Buffer.buffer() : Buffer.buffer(body.toString());
    return contract.violation(method, uri, status, headers, bytes);
  }

  @Test
  void aDocumentedAnswerPasses() {
    assertThat(check(HttpMethod.GET, "/v1/me", 200, profile())).isNull();
    assertThat(check(HttpMethod.GET, "/v1/me", 401, error("UNAUTHORIZED"))).isNull();
    assertThat(check(HttpMethod.DELETE, "/v1/friends/" + USER, 204, null)).isNull();
    assertThat(check(HttpMethod.GET, "/v1/conversations/dm:" + USER + ":0194d2c3a0400000/messages?limit=5", 200,
        new JsonObject().put("messages", new io.vertx.core.json.JsonArray()).put("hasMore", false))).isNull();
  }

  @Test
  void aStatusNotListedIsReported() {
    assertThat(check(HttpMethod.GET, "/v1/me", 418, error("INVALID"))).contains("getMe");
    assertThat(check(HttpMethod.DELETE, "/v1/friends/" + USER, 200, null)).contains("unfriend");
  }

  @Test
  void anExtraMissingOrMistypedFieldIsReported() {
    assertThat(check(HttpMethod.GET, "/v1/me", 200, profile().put("passwordHash", "x"))).contains("getMe");
    JsonObject missing = profile();
    missing.remove("createdAt");
    assertThat(check(HttpMethod.GET, "/v1/me", 200, missing)).contains("getMe");
    assertThat(check(HttpMethod.GET, "/v1/me", 200, profile().put("createdAt", "yesterday"))).contains("getMe");
    assertThat(check(HttpMethod.GET, "/v1/me", 200, profile().put("userId", "8000000000000000"))).contains("getMe");
  }

  @Test
  void anErrorCodeOfAnotherStatusIsReported() {
    assertThat(check(HttpMethod.GET, "/v1/me", 401, error("UNAUTHORIZED"))).isNull();
    assertThat(check(HttpMethod.GET, "/v1/me", 401, error("NOT_FOUND"))).contains("getMe");
    assertThat(check(HttpMethod.GET, "/v1/me", 401, error("NO_SUCH_CODE"))).contains("getMe");
    assertThat(check(HttpMethod.GET, "/v1/me", 401, new JsonObject().put("error", "no"))).contains("getMe");
  }

  @Test
  void aRequiredHeaderIsChecked() {
    JsonObject limited = error("RATE_LIMITED");
    MultiMap retry = MultiMap.caseInsensitiveMultiMap().add("Retry-After", "3");
    assertThat(check(HttpMethod.POST, "/v1/sessions", 429, retry, limited)).isNull();
    assertThat(check(HttpMethod.POST, "/v1/sessions", 429, limited)).contains("logIn");
  }

  @Test
  void aPathOrMethodNotDocumentedGetsOnlyTheAnswersForAnyPath() {
    assertThat(check(HttpMethod.GET, "/v1/nothing-here", 404, error("NOT_FOUND"))).isNull();
    assertThat(check(HttpMethod.GET, "/v1/nothing-here", 401, error("UNAUTHORIZED"))).isNull();
    assertThat(check(HttpMethod.PUT, "/v1/me", 405, error("METHOD_NOT_ALLOWED"))).isNull();

    assertThat(check(HttpMethod.GET, "/v1/nothing-here", 200, new JsonObject())).contains("not in docs/openapi.json");
    assertThat(check(HttpMethod.GET, "/v1/nothing-here", 404, error("INVALID"))).contains("UnknownRoute");
    assertThat(check(HttpMethod.GET, "/v1/nothing-here", 405, error("METHOD_NOT_ALLOWED"))).contains("no such path");
    assertThat(check(HttpMethod.PUT, "/v1/me", 404, error("NOT_FOUND"))).contains("no such method");
    assertThat(check(HttpMethod.PUT, "/v1/me", 405, error("METHOD_NOT_ALLOWED").put("extra", 1)))
        .contains("MethodNotAllowed");
  }
}
