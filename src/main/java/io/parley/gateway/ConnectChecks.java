package io.parley.gateway;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.parley.health.NodeState;
import io.parley.protocol.Fields;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;

/**
 * What a device must pass before it holds a connection, on {@code /v1/ws} and on the SockJS endpoints alike: a node
 * that is not draining, a valid {@code deviceId}, a valid token, and a free device slot of its user.
 */
final class ConnectChecks {
  private final TokenService tokens;
  private final DeviceLimit devices;
  private final NodeState state;
  private final int maxDevicesPerUser;

  ConnectChecks(GatewayServices services, int maxDevicesPerUser) {
    this.tokens = services.tokens();
    this.devices = services.devices();
    this.state = services.state();
    this.maxDevicesPerUser = maxDevicesPerUser;
  }

  /** The caller if the request may connect; failed with the refusal to answer (draining adds Retry-After). */
  Future<Caller> admit(HttpServerRequest request) {
    if (state.draining()) {
      request.response().putHeader(HttpHeaderNames.RETRY_AFTER, "1");
      return Future.failedFuture(new ChatException(Failure.UNAVAILABLE,
          "node draining: ask GET /v1/discovery for another node and connect there"));
    }
    if (deviceId(request) == null) {
      return Future.failedFuture(new ChatException(Failure.INVALID,
          "deviceId query parameter of 1 to 64 characters [A-Za-z0-9_.-] required"));
    }
    return verify(request);
  }

  /** The token's caller, without the connect checks: a later request of an open session. */
  Future<Caller> verify(HttpServerRequest request) {
    return tokens.verify(AuthHandler.tokenOf(request));
  }

  /** The request's valid {@code deviceId}, else null. */
  static String deviceId(HttpServerRequest request) {
    String deviceId = request.getParam("deviceId");
    return deviceId == null || deviceId.isEmpty() || deviceId.length() > 64
        || !Fields.NAME.matcher(deviceId).matches() ? null : deviceId;
  }

  /** Takes a device slot of the user, or answers {@code 409 TOO_MANY_DEVICES} and returns false. */
  boolean claimDevice(HttpServerRequest request, String userId, String deviceId) {
    if (devices.tryAdd(userId, deviceId)) {
      return true;
    }
    HttpJson.fail(request.response(), Failure.TOO_MANY_DEVICES,
        "this account already has " + maxDevicesPerUser + " connected devices");
    return false;
  }

  void releaseDevice(String userId, String deviceId) {
    devices.remove(userId, deviceId);
  }
}
