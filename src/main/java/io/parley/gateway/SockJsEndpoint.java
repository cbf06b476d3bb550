package io.parley.gateway;

import io.netty.channel.ChannelPipeline;
import io.parley.bus.Failure;
import io.parley.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.vertx.ext.web.handler.sockjs.Transport;

import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SockJS endpoint whose sessions are devices, as on {@code /v1/ws}: {@code /v1/sockjs} carries the protocol's frames
 * as they are, {@code /v1/eventbus} wraps them for {@code @vertx/eventbus-bridge-client.js} ({@link BridgeSocket}).
 * Every transport request passes the same checks as the WebSocket upgrade and must come from the session's owner.
 */
final class SockJsEndpoint {
  static final String SOCKJS = "/v1/sockjs";
  static final String EVENTBUS = "/v1/eventbus";
  /** The script the iframe transports would load, had they not been refused: ours, never a CDN's. */
  static final String LIBRARY_URL = "/assets/sockjs.min.js";
  /** A client frame inside an xhr_send body or a SockJS WebSocket message is a JSON string: sockjs-client escapes
   *  some characters as six-character {@code \\uXXXX}, so a frame of the limit takes at most three times it there. */
  static final int ESCAPING = 3;
  private static final Pattern TRANSPORT =
      Pattern.compile("/[^/.]+/([^/.]+)/(xhr|xhr_streaming|xhr_send|eventsource|websocket)");
  private static final Pattern SEND = Pattern.compile("/[^/.]+/[^/.]+/xhr_send");
  private static final String BINDING = "sockjs.binding";

  /** Makes the socket of a session from vertx-web's socket and the session's binding. */
  interface Sockets extends BiFunction<SockJSSocket, SockJsBinding, SockJsSocket> {
  }

  private final Vertx vertx;
  private final String path;
  private final ConnectChecks checks;
  private final SockJsSessions sessions;
  private final SessionHub hub;
  private final GatewayConfig config;
  private final Sockets sockets;

  SockJsEndpoint(Vertx vertx, String path, GatewayServices services, SessionHub hub, GatewayConfig config,
      Sockets sockets) {
    this.vertx = vertx;
    this.path = path;
    this.checks = new ConnectChecks(services, config.maxDevicesPerUser());
    this.sessions = services.sockJsSessions();
    this.hub = hub;
    this.config = config;
    this.sockets = sockets;
  }

  /** Largest xhr_send body or SockJS WebSocket message: room for one frame of the limit, however escaped. */
  static int maxMessageBytes(GatewayConfig config) {
    return ESCAPING * config.maxFrameBytes() + 64;
  }

  void mount(Router router, OriginCheck origins) {
    router.route(path + "/*").handler(origins);
    router.postWithRegex(Pattern.quote(path) + SEND.pattern())
        .handler(BodyHandler.create(false).setBodyLimit(maxMessageBytes(config)))
        .failureHandler(this::handleTooBig);
    router.route(path + "/*").handler(this::admit);
    SockJSHandlerOptions options = new SockJSHandlerOptions()
        .setInsertJSESSIONID(false)
        .setRegisterWriteHandler(false)
        .setLibraryURL(LIBRARY_URL)
        .addDisabledTransport(Transport.JSON_P.name())
        .addDisabledTransport(Transport.HTML_FILE.name());
    router.route(path + "/*").subRouter(SockJSHandler.create(vertx, options).socketHandler(this::opened));
  }

  /** Every request but /info and the greeting names a session: auth, then the owner's own session only. */
  private void admit(RoutingContext ctx) {
    String rest = ctx.normalizedPath().substring(path.length());
    if (rest.isEmpty() || rest.equals("/") || rest.equals("/info")) {
      ctx.next();
      return;
    }
    Matcher transport = TRANSPORT.matcher(rest);
    if (!transport.matches()) {
      // the raw /websocket (use /v1/ws), the iframe pages and chunking_test of transports we do not serve
      HttpJson.fail(ctx, Failure.NOT_FOUND, "no such route");
      return;
    }
    String sessionId = transport.group(1);
    String kind = transport.group(2);
    HttpMethod method = ctx.request().method();
    if (method == HttpMethod.OPTIONS) {
      // a CORS preflight, answered by vertx-web with headers only: it opens nothing
      ctx.next();
      return;
    }
    if (method != (kind.equals("eventsource") || kind.equals("websocket") ? HttpMethod.GET : HttpMethod.POST)) {
      HttpJson.methodNotAllowed(ctx);
      return;
    }
    if (kind.equals("websocket")) {
      open(ctx, null);
    } else if (sessions.isBound(sessionId) || kind.equals("xhr_send")) {
      resume(ctx, sessionId, !kind.equals("xhr_send"));
    } else if (vertx.sharedData().getLocalMap("_vertx.sockjssessions").containsKey(sessionId)) {
      // ended for us, not yet for vertx-web: nobody may take it over
      noSuchSession(ctx);
    } else {
      open(ctx, sessionId);
    }
  }

  /** The request that opens a session (a WebSocket has no session id): the checks of the /v1/ws upgrade. */
  private void open(RoutingContext ctx, String sessionId) {
    HttpServerRequest request = ctx.request();
    checks.admit(request).onComplete(admitted -> {
      if (admitted.failed()) {
        HttpJson.fail(ctx, admitted.cause());
        return;
      }
      Caller caller = admitted.result();
      String deviceId = ConnectChecks.deviceId(request);
      if (!checks.claimDevice(request, caller.userId(), deviceId)) {
        return;
      }
      SockJsBinding binding = new SockJsBinding(SockJsBinding.Owner.of(path, caller, deviceId), caller,
          vertx.getOrCreateContext(), () -> checks.releaseDevice(caller.userId(), deviceId),
          self -> sessions.unbind(sessionId, self));
      ChannelPipeline pipeline = ((HttpServerConnection) request.connection()).channelHandlerContext().pipeline();
      if (sessionId == null) {
        HttpDeadline.remove(pipeline);
        pipeline.channel().closeFuture().addListener(closed -> binding.release());
      } else if (sessions.bind(sessionId, binding) == null) {
        binding.release();
        noSuchSession(ctx);
        return;
      } else {
        holdOpen(ctx);
      }
      ctx.put(BINDING, binding);
      ctx.next();
    });
  }

  /** A later request of a session: from its owner only, who may poll it on any instance. */
  private void resume(RoutingContext ctx, String sessionId, boolean transport) {
    HttpServerRequest request = ctx.request();
    checks.verify(request).onComplete(verified -> {
      if (verified.failed()) {
        HttpJson.fail(ctx, verified.cause());
        return;
      }
      SockJsBinding binding = sessions.ownedBy(sessionId,
          SockJsBinding.Owner.of(path, verified.result(), ConnectChecks.deviceId(request)));
      if (binding == null) {
        noSuchSession(ctx);
        return;
      }
      if (transport) {
        holdOpen(ctx);
        binding.transportAt(vertx.getOrCreateContext());
      }
      ctx.next();
      SockJsSocket socket = binding.socket();
      if (transport && socket != null) {
        socket.writeHeldClose();
      }
    });
  }

  /**
   * A poll or stream is held past the request deadline. vertx-web closes its connection once it is answered, without
   * saying so: a client that reused the connection for its next poll would see it reset.
   */
  private static void holdOpen(RoutingContext ctx) {
    HttpDeadline.holdOpen(((HttpServerConnection) ctx.request().connection()).channelHandlerContext().pipeline());
    ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
  }

  /** vertx-web opened a session: the request that opened it passed {@link #open}. */
  private void opened(SockJSSocket sock) {
    SockJsBinding binding = sock.routingContext().get(BINDING);
    SockJsSocket socket = sockets.apply(sock, binding);
    hub.open(socket, binding.caller(), binding.owner().deviceId());
  }

  /** An xhr_send body over the limit: refused, and its session closed with 1009 if the request is its owner's. */
  private void handleTooBig(RoutingContext ctx) {
    if (ctx.statusCode() != 413) {
      ctx.next();
      return;
    }
    HttpJson.fail(ctx, Failure.BODY_TOO_LARGE, "SockJS message larger than " + maxMessageBytes(config) + " bytes");
    Matcher transport = TRANSPORT.matcher(ctx.normalizedPath().substring(path.length()));
    if (!transport.matches()) {
      return;
    }
    checks.verify(ctx.request()).onSuccess(caller -> {
      SockJsBinding binding = sessions.ownedBy(transport.group(1),
          SockJsBinding.Owner.of(path, caller, ConnectChecks.deviceId(ctx.request())));
      if (binding != null && binding.socket() != null) {
        binding.socket().closeTooBig();
      }
    });
  }

  private static void noSuchSession(RoutingContext ctx) {
    HttpJson.fail(ctx, Failure.NOT_FOUND, "no such SockJS session");
  }
}
