package io.parley.push;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/** A stand-in push service: a plain HTTP server on a free loopback port that answers with {@link #handle}. */
public abstract class LocalService<S extends LocalService<S>> {
  protected final Vertx vertx;
  private HttpServer server;

  protected LocalService(Vertx vertx) {
    this.vertx = vertx;
  }

  protected abstract void handle(HttpServerRequest request);

  @SuppressWarnings("unchecked")
  public Future<S> start() {
    return vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1").map(listening -> {
      server = listening;
      return (S) this;
    });
  }

  public Future<Void> close() {
    return server.close();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String origin() {
    return "http://127.0.0.1:" + server.actualPort();
  }
}
