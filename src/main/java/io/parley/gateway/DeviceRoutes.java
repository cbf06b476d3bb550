package io.parley.gateway;

import io.parley.protocol.Fields;
import io.parley.push.webpush.WebPushSubscription;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import static io.parley.bus.Addresses.PUSH_WEBPUSH_KEY;
import static io.parley.bus.Addresses.STORAGE_DEVICE_PUT;
import static io.parley.bus.Addresses.STORAGE_DEVICE_REMOVE;

/** Push registrations of a user's devices, and the Web Push key browsers subscribe with. */
final class DeviceRoutes {
  private static final int MAX_TOKEN = 4096;

  private final BusForward bus;
  private final boolean allowHttpEndpoints;

  DeviceRoutes(BusForward bus, boolean allowHttpEndpoints) {
    this.bus = bus;
    this.allowHttpEndpoints = allowHttpEndpoints;
  }

  void mount(Router router) {
    router.put("/v1/devices/:deviceId").handler(this::handlePut);
    router.delete("/v1/devices/:deviceId").handler(this::handleRemove);
    router.get("/v1/push/webpush").handler(this::handleWebPushKey);
  }

  private void handlePut(RoutingContext ctx) {
    BusForward.guarded(ctx, () -> {
      JsonObject body = HttpJson.body(ctx);
      String platform = Fields.string(body, "platform", 1, 8);
      String token = switch (platform) {
        case "apns", "fcm" -> Fields.string(body, "pushToken", 1, MAX_TOKEN);
        case "webpush" -> subscriptionToken(body);
        default -> throw Fields.invalid("platform must be apns, fcm or webpush");
      };
      JsonObject device = deviceRequest(ctx).put("platform", platform).put("pushToken", token);
      BusForward.respond(ctx, bus.request(STORAGE_DEVICE_PUT, device), 204, x -> null);
    });
  }

  /**
   * A browser's PushSubscription ({@code endpoint}, {@code keys}), sent as the body's own members so the body nests
   * no deeper than any other; checked, and kept in its compact form as the device's token.
   */
  private String subscriptionToken(JsonObject body) {
    String token;
    try {
      token = WebPushSubscription.fromBrowser(body, allowHttpEndpoints).toToken();
    } catch (IllegalArgumentException e) {
      throw Fields.invalid(e.getMessage());
    }
    if (token.length() > MAX_TOKEN) {
      throw Fields.invalid("subscription is longer than " + MAX_TOKEN + " characters");
    }
    return token;
  }

  private void handleRemove(RoutingContext ctx) {
    BusForward.guarded(ctx, () ->
        BusForward.respond(ctx, bus.request(STORAGE_DEVICE_REMOVE, deviceRequest(ctx)), 204, x -> null));
  }

  private void handleWebPushKey(RoutingContext ctx) {
    BusForward.respond(ctx, bus.<JsonObject>request(PUSH_WEBPUSH_KEY, new JsonObject()), 200, key -> key);
  }

  private static JsonObject deviceRequest(RoutingContext ctx) {
    String deviceId = Fields.matching(new JsonObject().put("deviceId", ctx.pathParam("deviceId")), "deviceId", 1, 64,
        Fields.NAME);
    return new JsonObject().put("userId", HttpJson.userId(ctx)).put("deviceId", deviceId);
  }
}
