package io.parley.gateway;

import io.netty.channel.Channel;
import io.parley.bus.Failure;
import io.parley.config.ChatConfig;
import io.parley.config.GatewayConfig;
import io.parley.health.NodeHealth;
import io.parley.metrics.GatewayMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.internal.ContextInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * The edge: the HTTP JSON API, the WebSocket endpoint, SockJS and the event-bus bridge, and the web app's files.
 * Runs one instance per core, all on one port.
 */
public final class GatewayVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(GatewayVerticle.class);
  private static final long DRAIN_CHECK_MILLIS = 100;

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
    hub = new SessionHub(vertx, services.addresses(), services.users(), config.gateway(), config.presence(), clock,
        metrics, services.state());
    hub.start();
    server = vertx.createHttpServer(new HttpServerOptions()
        .setTcpNoDelay(true)
        // HTTP/1.1 only: with h2c detection Vert.x builds the pipeline on the first bytes, so a silent connection
        // would reach no connection handler, no limit and no deadline
        .setHttp2ClearTextEnabled(false)
        // only the SockJS WebSocket transport uses Vert.x's WebSockets (/v1/ws takes its channel over): one message
        // holds a client frame of the limit, however the SockJS client escaped it
        .setMaxWebSocketFrameSize(SockJsEndpoint.maxMessageBytes(config.gateway()))
        .setMaxWebSocketMessageSize(SockJsEndpoint.maxMessageBytes(config.gateway())));
    // not in strict thread mode: a SockJS session is shared by the instances its requests land on, and vertx-web
    // writes its heartbeats to a request of another instance's connection from the session's own event loop
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
    long maxMillis = config.node().drainTimeoutSeconds() * 1000L;
    long until = clock.millis() + maxMillis;
    return hub.drain(config.node().drainSpreadSeconds() * 1000L, maxMillis)
        .eventually(() -> nodeDrained(until))
        .eventually(() -> {
          hub.stop();
          return server.close();
        });
  }

  /**
   * Completes once no device is left on the node, or at {@code untilMillis}: the polls of a SockJS session another
   * instance holds may come on this instance's connections, and closing them would lose that session's last frames.
   */
  private Future<Void> nodeDrained(long untilMillis) {
    Promise<Void> done = Promise.promise();
    vertx.setPeriodic(0, DRAIN_CHECK_MILLIS, timer -> {
      if (services.state().devices() == 0 || clock.millis() >= untilMillis) {
        vertx.cancelTimer(timer);
        done.tryComplete();
      }
    });
    return done.future();
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
    mountSockJs(router);
    router.route("/v1/*").handler(BodyHandler.create(false).setBodyLimit(config.http().maxBodyBytes()));
    AccountEvents events = new AccountEvents(bus);
    AccountRoutes accounts = new AccountRoutes(vertx, bus, services.tokens(), services.hasher(),
        services.throttle(), events);
    accounts.mountPublic(router);
    ApiDocument.mount(router);
    new DiscoveryRoutes(bus, services.tokens()).mount(router);
    router.route("/v1/*").handler(new AuthHandler(services.tokens()));
    accounts.mountAuthenticated(router);
    new RelationRoutes(bus, events).mount(router);
    new SocialRoutes(bus, events).mount(router);
    new ConversationRoutes(bus).mount(router);
    new DeviceRoutes(bus, config.push().webPush().allowHttpEndpoints()).mount(router);
    SessionRoutes sessions = new SessionRoutes(bus, services.users(), services.tokens());
    sessions.mount(router);
    new CredentialRoutes(vertx, bus, services, sessions, events, config.auth().deletedUsernameHoldSeconds(), clock)
        .mount(router);
    new StaticRoutes().mount(router);
    router.errorHandler(403, OriginCheck::refuse);
    router.errorHandler(404, ctx -> HttpJson.fail(ctx, Failure.NOT_FOUND, "no such route"));
    router.errorHandler(405, HttpJson::methodNotAllowed);
    router.errorHandler(413, ctx -> HttpJson.fail(ctx, Failure.BODY_TOO_LARGE,
        "body larger than " + config.http().maxBodyBytes() + " bytes"));
    router.errorHandler(500, this::handleFailure);
    return router;
  }

  /** Ahead of the /v1 body handler: xhr_send bodies have their own limit. */
  private void mountSockJs(Router router) {
    GatewayConfig gateway = config.gateway();
    OriginCheck origins = new OriginCheck(gateway.allowedOrigins());
    new SockJsEndpoint(vertx, SockJsEndpoint.SOCKJS, services, hub, gateway,
        (sock, binding) -> new SockJsSocket(vertx, sock, binding, gateway.maxFrameBytes(),
            gateway.writeQueueMaxBytes()))
        .mount(router, origins);
    new SockJsEndpoint(vertx, SockJsEndpoint.EVENTBUS, services, hub, gateway,
        (sock, binding) -> new BridgeSocket(vertx, sock, binding, gateway.maxFrameBytes(),
            gateway.writeQueueMaxBytes(), gateway.messagesPerSecond(), clock))
        .mount(router, origins);
  }

  private void handleFailure(RoutingContext ctx) {
    log.error("request failed path={}", ctx.normalizedPath(), ctx.failure());
    HttpJson.fail(ctx, Failure.INTERNAL, "internal error");
  }
}
