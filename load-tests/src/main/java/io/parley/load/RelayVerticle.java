package io.parley.load;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One relay instance. A client connects to {@code ws://host:port/?user=NAME&groups=g1,g2}; each text frame starts
 * with its target, {@code @user} or {@code #group}, then a space, and is written as it came to that user's socket or
 * to every other member of the group. Frames naming no connected target are dropped.
 */
final class RelayVerticle extends VerticleBase {
  private static final short POLICY_VIOLATION = 1008;

  private final RelayDirectory directory;
  private final int port;

  RelayVerticle(RelayDirectory directory, int port) {
    this.directory = directory;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true));
    return server.webSocketHandler(this::open).listen(port);
  }

  private void open(ServerWebSocket socket) {
    Map<String, List<String>> query = new QueryStringDecoder(socket.uri()).parameters();
    String user = query.getOrDefault("user", List.of("")).get(0);
    if (user.isEmpty()) {
      socket.close(POLICY_VIOLATION, "user query parameter required");
      return;
    }
    List<String> groups = query.getOrDefault("groups", List.of()).stream()
        .flatMap(list -> Arrays.stream(list.split(","))).filter(name -> !name.isEmpty()).toList();
    directory.join(user, groups, socket);
    socket.closeHandler(closed -> directory.leave(user, groups, socket));
    socket.textMessageHandler(frame -> forward(socket, frame));
  }

  private void forward(ServerWebSocket from, String frame) {
    int space = frame.indexOf(' ');
    if (space < 2) {
      return;
    }
    String target = frame.substring(1, space);
    if (frame.charAt(0) == '@') {
      ServerWebSocket to = directory.user(target);
      if (to != null) {
        to.writeTextMessage(frame);
      }
    } else if (frame.charAt(0) == '#') {
      for (ServerWebSocket member : directory.group(target)) {
        if (member != from) {
          member.writeTextMessage(frame);
        }
      }
    }
  }
}
