package io.parley.e2e.support;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy to a node that holds every connection, unread, until {@link #release}: a handshake through
 * it stays in progress for as long as a test needs, instead of the few milliseconds a real one takes.
 */
final class HeldProxy implements AutoCloseable {
  private final NetServer server;
  private final NetClient client;
  private final int targetPort;
  private final Promise<Void> released = Promise.promise();
  private final AtomicInteger held = new AtomicInteger();

  private HeldProxy(Vertx vertx, int targetPort) {
    this.server = vertx.createNetServer().connectHandler(this::hold);
    this.client = vertx.createNetClient();
    this.targetPort = targetPort;
  }

  static HeldProxy start(Vertx vertx, int targetPort) throws Exception {
    HeldProxy proxy = new HeldProxy(vertx, targetPort);
    proxy.server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    return proxy;
  }

  int port() {
    return server.actualPort();
  }

  /** How many connections have arrived and are held. */
  int held() {
    return held.get();
  }

  /** Connects every held connection, and every later one, through to the node. */
  void release() {
    released.tryComplete();
  }

  private void hold(NetSocket incoming) {
    incoming.pause();
    held.incrementAndGet();
    released.future()
        .compose(go -> client.connect(targetPort, "127.0.0.1"))
        .onSuccess(outgoing -> {
          outgoing.pipeTo(incoming);
          incoming.pipeTo(outgoing);
        })
        .onFailure(failed -> incoming.close());
  }

  @Override
  public void close() throws Exception {
    server.close().await(10, TimeUnit.SECONDS);
    client.close().await(10, TimeUnit.SECONDS);
  }
}
