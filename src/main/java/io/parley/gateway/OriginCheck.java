package io.parley.gateway;

import io.parley.bus.Failure;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;

import java.util.List;
import java.util.Set;

/**
 * Which pages may use the SockJS endpoints: a page of this node (its Origin is the request's own host), and the
 * origins of {@code gateway.allowedOrigins} through a CorsHandler. vertx-web's SockJS checks an origin on its WebSocket
 * transports only and echoes any other one, so without this any site could drive the polling transports.
 */
final class OriginCheck implements Handler<RoutingContext> {
  private final CorsHandler cors;

  OriginCheck(List<String> allowed) {
    this.cors = allowed.isEmpty() ? null : CorsHandler.create()
        .addOrigins(allowed)
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.OPTIONS))
        .allowedHeader("Content-Type");
  }

  @Override
  public void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    if (origin == null || sameOrigin(ctx, origin)) {
      ctx.next();
    } else if (cors != null) {
      cors.handle(ctx);
    } else {
      refuse(ctx);
    }
  }

  /** What the CorsHandler fails an unlisted origin with, or this check itself. */
  static void refuse(RoutingContext ctx) {
    HttpJson.fail(ctx, Failure.FORBIDDEN, "origin not allowed: add it to gateway.allowedOrigins");
  }

  private static boolean sameOrigin(RoutingContext ctx, String origin) {
    String host = ctx.request().getHeader(HttpHeaders.HOST);
    return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
  }
}
