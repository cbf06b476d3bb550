package io.parley.gateway;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import static io.parley.bus.Addresses.ROUTING_DISCOVER;

/** Which chat node a client should connect to, as this node's routing hears the cluster. */
final class DiscoveryRoutes {
  private final BusForward bus;

  DiscoveryRoutes(BusForward bus) {
    this.bus = bus;
  }

  void mount(Router router) {
    router.get("/v1/discovery").handler(this::handleDiscover);
  }

  private void handleDiscover(RoutingContext ctx) {
    BusForward.respond(ctx, bus.request(ROUTING_DISCOVER, null), 200, node -> node);
  }
}
