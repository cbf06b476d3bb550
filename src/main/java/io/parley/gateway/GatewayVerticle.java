package io.parley.gateway;

import io.netty.channel.Channel;
import io.parley.bus.Failure;
import io.parley.config.ChatConfig;
import io.parley.health.NodeHealth;
import io.parley.metrics.GatewayMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.internal.ContextInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/** The edge: the HTTP JSON API and the WebSocket endpoint. Runs one instance per core, all on one port. */
public final class GatewayVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(GatewayVerticle.class);

  private final ChatConfig config;
  private final GatewayServices services;
  private final Clock clock;
  private final GatewayMetrics metrics;
  private final NodeHealth health;
  private SessionHub hub;
  private HttpServer server;

  public GatewayVerticle(ChatConfig config, GatewayServices services, Clock clock, GatewayMetrics metrics,
      NodeHealth health) {
    this.config = config;
    this.services = services;
    this.clock = clock;
    this.metrics = metrics;
    this.health = health;
  }

  @Override
  public Future<?> start() {
    hub = new SessionHub(vertx, config.gateway(), config.presence(), clock, metrics, services.state());
    hub.start();
    server = vertx.createHttpServer(new HttpServerOptions()
        .setTcpNoDelay(true)
        // HTTP/1.1 only: with h2c detection Vert.x builds the pipeline on the first bytes, so a silent connection
        // would reach no connection handler, no limit and no deadline
        .setHttp2ClearTextEnabled(false)
        // every response is written from its connection's event loop, so the connection needs no cross-thread queue
        .setStrictThreadMode(true));
    server.connectionHandler(this::handleConnection);
    Router router = router();
    WebSocketEndpoint webSockets = new WebSocketEndpoint(services, hub, config.gateway(),
        (ContextInternal) context);
    server.requestHandler(request -> {
      if (WebSocketEndpoint.PATH.equals(request.path())) {
        webSockets.handle(request);
      } else {
        router.handle(request);
      }
    });
    return server.listen(config.http().port(), config.http().host())
        .onSuccess(listening -> log.info("gateway listening host={} port={}", config.http().host(),
            listening.actualPort()));
  }

  /**
   * Moves every WebSocket to another node first (4002 after a reconnect hint, spread over
   * {@code node.drainSpreadSeconds}), so clients see a close frame rather than a cut connection and do not all come
   * back at once.
   */
  @Override
  public Future<?> stop() {
    return hub.drain(config.node().drainSpreadSeconds() * 1000L, config.node().drainTimeoutSeconds() * 1000L)
        .eventually(() -> {
          hub.stop();
          return server.close();
        });
  }

  /**
   * Runs at accept, before anything is read: a connection over a cap is closed without a byte of HTTP parsed; the
   * others get their request and idle deadlines, and give their place back when they close.
   */
  private void handleConnection(HttpConnection connection) {
    Channel channel = ((HttpServerConnection) connection).channelHandlerContext().channel();
    String address = connection.remoteAddress().hostAddress();
    if (!services.connections().tryAdmit(address)) {
      metrics.connectionRefused();
      channel.close();
      return;
    }
    channel.closeFuture().addListener(closed -> services.connections().release(address));
    HttpDeadline.install(channel.pipeline(), config.http().requestTimeoutSeconds() * 1000L,
        config.http().idleTimeoutSeconds() * 1000L);
  }

  private Router router() {
    Router router = Router.router(vertx);
    BusForward bus = new BusForward(vertx.eventBus());
    router.get("/health").handler(ctx -> health.respond(ctx.response()));
    router.route("/v1/*").handler(BodyHandler.create(false).setBodyLimit(config.http().maxBodyBytes()));
    AccountEvents events = new AccountEvents(bus);
    AccountRoutes accounts = new AccountRoutes(vertx, bus, services.tokens(), services.hasher(),
        services.throttle(), events);
    accounts.mountPublic(router);
    router.route("/v1/*").handler(new AuthHandler(services.tokens()));
    accounts.mountAuthenticated(router);
    new RelationRoutes(bus, events).mount(router);
    new SocialRoutes(bus, events).mount(router);
    new ConversationRoutes(bus).mount(router);
    new DeviceRoutes(bus, config.push().webPush().allowHttpEndpoints()).mount(router);
    SessionRoutes sessions = new SessionRoutes(bus, vertx.eventBus(), services.tokens());
    sessions.mount(router);
    new CredentialRoutes(vertx, bus, services, sessions, config.auth().deletedUsernameHoldSeconds(), clock)
        .mount(router);
    new DiscoveryRoutes(bus).mount(router);
    mountWebApp(router);
    router.errorHandler(404, ctx -> HttpJson.fail(ctx, Failure.NOT_FOUND, "no such route"));
    router.errorHandler(405, HttpJson::methodNotAllowed);
    router.errorHandler(413, ctx -> HttpJson.fail(ctx, Failure.BODY_TOO_LARGE,
        "body larger than " + config.http().maxBodyBytes() + " bytes"));
    router.errorHandler(500, this::handleFailure);
    return router;
  }

  /** The web app from the jar's webroot/, with a CSP of 'self' only (no inline script), revalidated on each load. */
  private void mountWebApp(Router router) {
    router.get("/*").handler(ctx -> {
      ctx.response().putHeader("Content-Security-Policy",
          "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
      ctx.response().putHeader("X-Content-Type-Options", "nosniff");
      ctx.response().putHeader("Cache-Control", "no-cache");
      ctx.next();
    });
    router.get("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
  }

  private void handleFailure(RoutingContext ctx) {
    log.error("request failed path={}", ctx.normalizedPath(), ctx.failure());
    HttpJson.fail(ctx, Failure.INTERNAL, "internal error");
  }
}
