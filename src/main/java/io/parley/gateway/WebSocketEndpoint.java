package io.parley.gateway;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.parley.bus.Failure;
import io.parley.config.GatewayConfig;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.net.NetSocketInternal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Upgrades {@code GET /v1/ws} to a WebSocket, but only for a valid token and device id. It takes the request ahead of
 * the Router, answers the RFC 6455 handshake itself and hands the raw connection to a {@link NettyWebSocket}: what an
 * idle device costs in memory bounds how many devices one node holds, and Vert.x's own upgrade keeps the request,
 * its routing context and a write queue alive for the connection's lifetime.
 */
final class WebSocketEndpoint {
  static final String PATH = "/v1/ws";
  private static final String SUPPORTED_VERSION = "13";
  private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final ConnectChecks checks;
  private final SessionHub hub;
  private final GatewayConfig config;
  private final ContextInternal context;

  WebSocketEndpoint(GatewayServices services, SessionHub hub, GatewayConfig config, ContextInternal context) {
    this.checks = new ConnectChecks(services, config.maxDevicesPerUser());
    this.hub = hub;
    this.config = config;
    this.context = context;
  }

  void handle(HttpServerRequest request) {
    // refused before the upgrade, so a client without a valid token never holds a socket
    checks.admit(request).onComplete(admitted -> {
      if (admitted.failed()) {
        HttpJson.fail(request.response(), admitted.cause());
      } else {
        upgrade(request, admitted.result(), ConnectChecks.deviceId(request));
      }
    });
  }

  private void upgrade(HttpServerRequest request, Caller caller, String deviceId) {
    String userId = caller.userId();
    String key = request.getHeader(HttpHeaderNames.SEC_WEBSOCKET_KEY);
    if (request.method() != HttpMethod.GET || key == null || !headerHas(request, HttpHeaderNames.UPGRADE, "websocket")
        || !headerHas(request, HttpHeaderNames.CONNECTION, "upgrade")) {
      HttpJson.fail(request.response(), Failure.INVALID, "WebSocket upgrade required");
      return;
    }
    if (!SUPPORTED_VERSION.equals(request.getHeader(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
      request.response().putHeader(HttpHeaderNames.SEC_WEBSOCKET_VERSION, SUPPORTED_VERSION);
      HttpJson.respond(request.response(), 426, HttpJson.error(Failure.INVALID, "WebSocket version 13 required"));
      return;
    }
    if (!checks.claimDevice(request, userId, deviceId)) {
      return;
    }
    request.response()
        .putHeader(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET)
        .putHeader(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
        .putHeader(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT, acceptKey(key));
    // Vert.x writes the 101 with those headers and leaves the connection's pipeline to us
    request.toNetSocket().onComplete(upgraded -> {
      if (upgraded.failed()) {
        checks.releaseDevice(userId, deviceId);
        return;
      }
      ChannelPipeline pipeline = ((NetSocketInternal) upgraded.result()).channelHandlerContext().pipeline();
      pipeline.channel().closeFuture().addListener(closed -> checks.releaseDevice(userId, deviceId));
      NettyWebSocket socket = NettyWebSocket.takeOver(pipeline, context, config.maxFrameBytes(),
          config.writeQueueMaxBytes());
      hub.open(socket, caller, deviceId);
    });
  }

  private static boolean headerHas(HttpServerRequest request, CharSequence name, String token) {
    String value = request.getHeader(name);
    if (value == null) {
      return false;
    }
    for (String part : value.split(",")) {
      if (part.trim().equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }

  static String acceptKey(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1")
          .digest((key.trim() + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }
}
