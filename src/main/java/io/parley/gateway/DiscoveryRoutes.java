package io.parley.gateway;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import static io.parley.bus.Addresses.ROUTING_DISCOVER;

/**
 * Which chat node a client should connect to, as this node's routing hears the cluster. Asked before every
 * reconnect, so after a node's death by all of its devices at once: the token's signature and expiry are checked
 * here, not its session in the store (the connect that follows checks that), which halves the store reads of a
 * reconnect. A token of an ended session learns only a node's address, which it cannot use.
 */
final class DiscoveryRoutes {
  private final BusForward bus;
  private final TokenService tokens;

  DiscoveryRoutes(BusForward bus, TokenService tokens) {
    this.bus = bus;
    this.tokens = tokens;
  }

  /** Mounted before the routes that need a live session. */
  void mount(Router router) {
    router.get("/v1/discovery").handler(AuthHandler.signatureOnly(tokens)).handler(this::handleDiscover);
  }

  private void handleDiscover(RoutingContext ctx) {
    BusForward.respond(ctx, bus.request(ROUTING_DISCOVER, null), 200, node -> node);
  }
}
