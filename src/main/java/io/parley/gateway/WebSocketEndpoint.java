package io.parley.gateway;

import io.parley.bus.Failure;
import io.parley.protocol.Fields;
import io.vertx.ext.web.RoutingContext;

/** Upgrades {@code GET /v1/ws} to a WebSocket, but only for a valid token and device id. */
final class WebSocketEndpoint {
  private final TokenService tokens;
  private final SessionHub hub;

  WebSocketEndpoint(TokenService tokens, SessionHub hub) {
    this.tokens = tokens;
    this.hub = hub;
  }

  void handle(RoutingContext ctx) {
    String deviceId = ctx.request().getParam("deviceId");
    if (deviceId == null || deviceId.isEmpty() || deviceId.length() > 64 || !Fields.NAME.matcher(deviceId).matches()) {
      HttpJson.fail(ctx, Failure.INVALID, "deviceId query parameter of 1 to 64 characters [A-Za-z0-9_.-] required");
      return;
    }
    // refused before the upgrade, so a client without a valid token never holds a socket
    tokens.verify(AuthHandler.tokenOf(ctx)).onComplete(verified -> {
      if (verified.failed()) {
        HttpJson.fail(ctx, verified.cause());
        return;
      }
      ctx.request().toWebSocket()
          .onSuccess(socket -> hub.open(socket, verified.result(), deviceId))
          .onFailure(cause -> HttpJson.fail(ctx, Failure.INVALID, "WebSocket upgrade required"));
    });
  }
}
