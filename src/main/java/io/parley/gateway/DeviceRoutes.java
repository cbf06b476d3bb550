package io.parley.gateway;

import io.parley.protocol.Fields;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import static io.parley.bus.Addresses.STORAGE_DEVICE_PUT;
import static io.parley.bus.Addresses.STORAGE_DEVICE_REMOVE;

/** Push registrations of a user's devices. */
final class DeviceRoutes {
  private final BusForward bus;

  DeviceRoutes(BusForward bus) {
    this.bus = bus;
  }

  void mount(Router router) {
    router.put("/v1/devices/:deviceId").handler(this::handlePut);
    router.delete("/v1/devices/:deviceId").handler(this::handleRemove);
  }

  private void handlePut(RoutingContext ctx) {
    BusForward.guarded(ctx, () -> {
      JsonObject body = HttpJson.body(ctx);
      String platform = Fields.string(body, "platform", 1, 8);
      if (!platform.equals("apns") && !platform.equals("fcm")) {
        throw Fields.invalid("platform must be apns or fcm");
      }
      JsonObject device = deviceRequest(ctx).put("platform", platform)
          .put("pushToken", Fields.string(body, "pushToken", 1, 4096));
      BusForward.respond(ctx, bus.request(STORAGE_DEVICE_PUT, device), 204, x -> null);
    });
  }

  private void handleRemove(RoutingContext ctx) {
    BusForward.guarded(ctx, () ->
        BusForward.respond(ctx, bus.request(STORAGE_DEVICE_REMOVE, deviceRequest(ctx)), 204, x -> null));
  }

  private static JsonObject deviceRequest(RoutingContext ctx) {
    String deviceId = Fields.matching(new JsonObject().put("deviceId", ctx.pathParam("deviceId")), "deviceId", 1, 64,
        Fields.NAME);
    return new JsonObject().put("userId", HttpJson.userId(ctx)).put("deviceId", deviceId);
  }
}
