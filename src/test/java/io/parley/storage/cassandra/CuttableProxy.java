package io.parley.storage.cassandra;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP proxy to a server that a test can cut off and restore: what a client sees when the server goes
 * down and comes back (connections closed, new ones closed at once, then accepted again), without stopping the server that
 * other tests of the run share. Its port stays the same across a cut.
 */
public final class CuttableProxy implements AutoCloseable {
  private final NetClient client;
  private final String targetHost;
  private final int targetPort;
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  private NetServer server;

  private CuttableProxy(Vertx vertx, String targetHost, int targetPort) {
    this.client = vertx.createNetClient();
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  /** Listens on a free loopback port, passing everything through to {@code target} ({@code host:port}). */
  public static CuttableProxy start(Vertx vertx, String target) throws Exception {
    int colon = target.lastIndexOf(':');
    CuttableProxy proxy = new CuttableProxy(vertx, target.substring(0, colon),
        Integer.parseInt(target.substring(colon + 1)));
    proxy.server = vertx.createNetServer().connectHandler(proxy::accept);
    proxy.server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    return proxy;
  }

  /** {@code 127.0.0.1:port}, for a client's config. */
  public String address() {
    return "127.0.0.1:" + server.actualPort();
  }

  /** Closes every connection through the proxy, and every new one until {@link #restore}. */
  public void cut() {
    cut = true;
    open.forEach(NetSocket::close);
  }

  /** Passes new connections through again. */
  public void restore() {
    cut = false;
  }

  private void accept(NetSocket incoming) {
    if (cut) {
      incoming.close();
      return;
    }
    incoming.pause();
    client.connect(targetPort, targetHost).onComplete(connected -> {
      if (connected.failed() || cut) {
        incoming.close();
        if (connected.succeeded()) {
          connected.result().close();
        }
        return;
      }
      NetSocket outgoing = connected.result();
      open.add(incoming);
      open.add(outgoing);
      incoming.closeHandler(closed -> forget(incoming, outgoing));
      outgoing.closeHandler(closed -> forget(outgoing, incoming));
      incoming.pipeTo(outgoing);
      outgoing.pipeTo(incoming);
    });
  }

  private void forget(NetSocket closed, NetSocket peer) {
    open.remove(closed);
    peer.close();
  }

  @Override
  public void close() throws Exception {
    cut();
    server.close().await(10, TimeUnit.SECONDS);
    client.close().await(10, TimeUnit.SECONDS);
  }
}
