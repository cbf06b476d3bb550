package io.parley.e2e.support;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import static org.assertj.core.api.Assertions.assertThat;

/** One HTTP answer, with assertions that print the body when the status is not the one expected. */
public record ApiResponse(String request, int status, MultiMap headers, Buffer body) {

  /** The JSON body, after checking the status. */
  public JsonObject expect(int expectedStatus) {
    assertThat(status).as("%s answered %s", request, body).isEqualTo(expectedStatus);
    return body.length() == 0 ? new JsonObject() : json();
  }

  /** Checks an error answer: the status and the {@code error.code} of the documented error body. */
  public JsonObject expectError(int expectedStatus, String expectedCode) {
    assertThat(status).as("%s answered %s", request, body).isEqualTo(expectedStatus);
    JsonObject error = json().getJsonObject("error");
    assertThat(error).as("%s error body %s", request, body).isNotNull();
    assertThat(error.getString("code")).as("%s error body %s", request, body).isEqualTo(expectedCode);
    assertThat(error.getValue("message")).as("%s error message", request).isInstanceOf(String.class);
    return error;
  }

  public JsonObject json() {
    try {
      return new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      throw new AssertionError(request + " answered " + status + " with a body that is not a JSON object: " + body);
    }
  }

  /** For a {@code /health} answer: why the named part is down, or "" when it is up. */
  public String healthReason(String part) {
    return json().getJsonObject("checks").getJsonObject(part).getString("reason", "");
  }

  public String header(String name) {
    return headers.get(name);
  }
}
