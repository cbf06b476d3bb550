package io.parley.gateway;

import io.parley.bus.BusReplies;
import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.parley.protocol.JsonBounds;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** JSON responses and request bodies of the HTTP API. */
final class HttpJson {
  private HttpJson() {
  }

  static void respond(RoutingContext ctx, int status, Object body) {
    respond(ctx.response(), status, body);
  }

  static void respond(HttpServerResponse response, int status, Object body) {
    if (body == null) {
      response.setStatusCode(status).end();
      return;
    }
    response.setStatusCode(status).putHeader("content-type", "application/json")
        .end(body instanceof JsonObject json ? json.encode() : String.valueOf(body));
  }

  static void fail(RoutingContext ctx, Failure failure, String message) {
    fail(ctx.response(), failure, message);
  }

  static void fail(HttpServerResponse response, Failure failure, String message) {
    if (response.ended()) {
      return;
    }
    respond(response, failure.httpStatus(), error(failure, message));
  }

  static JsonObject error(Failure failure, String message) {
    return new JsonObject().put("error", new JsonObject().put("code", failure.protocolCode()).put("message", message));
  }

  static void methodNotAllowed(RoutingContext ctx) {
    fail(ctx, Failure.METHOD_NOT_ALLOWED, ctx.request().method() + " is not served on this path");
  }

  static void fail(RoutingContext ctx, Throwable cause) {
    fail(ctx.response(), cause);
  }

  static void fail(HttpServerResponse response, Throwable cause) {
    Failure failure = BusReplies.failureOf(cause);
    fail(response, failure, failure == Failure.INTERNAL ? "internal error" : cause.getMessage());
  }

  /**
   * The request body as a JSON object; throws {@code INVALID_JSON} otherwise, and {@code INVALID} past the
   * {@link JsonBounds#HTTP_BODY} bounds, checked before the body is decoded.
   */
  static JsonObject body(RoutingContext ctx) {
    String text = ctx.body().asString();
    if (text == null || text.isEmpty()) {
      throw new ChatException(Failure.INVALID_JSON, "a JSON object body is required");
    }
    return JsonBounds.HTTP_BODY.decode(text);
  }

  static String userId(RoutingContext ctx) {
    return ctx.get(AuthHandler.USER_ID);
  }
}
