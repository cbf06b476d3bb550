package io.parley.metrics;

import io.parley.config.MetricsConfig;
import io.parley.health.NodeHealth;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management listener, apart from the public port: {@code GET /metrics} in the Prometheus text format and
 * {@code GET /health}. It belongs to the Vert.x instance, not to a verticle, so while a node shuts down its probe still
 * answers, with 503.
 */
public final class MetricsServer {
  private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final Vertx vertx;
  private final NodeMetrics metrics;
  private final NodeHealth health;

  private MetricsServer(Vertx vertx, NodeMetrics metrics, NodeHealth health) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.health = health;
  }

  /** Listens on {@code metrics.host:metrics.port}; fails naming the key when the port is taken. */
  public static Future<HttpServer> start(Vertx vertx, MetricsConfig config, NodeMetrics metrics, NodeHealth health) {
    MetricsServer server = new MetricsServer(vertx, metrics, health);
    return vertx.createHttpServer().requestHandler(server::handle).listen(config.port(), config.host())
        .onSuccess(listening -> log.info("metrics listening host={} port={}", config.host(), listening.actualPort()))
        .recover(cause -> Future.failedFuture(new IllegalStateException("metrics.port " + config.port() + " on "
            + config.host() + ": " + cause.getMessage() + " (choose another metrics.port, or metrics.enabled=false)",
            cause)));
  }

  private void handle(HttpServerRequest request) {
    if (request.method() != HttpMethod.GET) {
      request.response().setStatusCode(405).end();
    } else if ("/metrics".equals(request.path())) {
      scrape(request);
    } else if ("/health".equals(request.path())) {
      health.respond(request.response());
    } else {
      request.response().setStatusCode(404).end();
    }
  }

  /** Formatting every meter takes a millisecond or more: done on a worker, off the event loop it shares. */
  private void scrape(HttpServerRequest request) {
    vertx.executeBlocking(metrics::scrape, false).onComplete(scraped -> {
      if (scraped.failed()) {
        log.error("scrape failed", scraped.cause());
        request.response().setStatusCode(500).end();
        return;
      }
      request.response().putHeader("content-type", PROMETHEUS_TEXT).end(scraped.result());
    });
  }
}
