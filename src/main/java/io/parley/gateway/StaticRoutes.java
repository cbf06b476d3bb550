package io.parley.gateway;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web app at {@code /} and the scripts it loads at {@code /assets/*}, from the jar's {@code webroot/}. Mounted
 * after every API route, so those keep their paths. Pages may load only what this node serves: no inline script, no
 * other origin.
 */
final class StaticRoutes {
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";
  /** Scripts and styles may be a few minutes old; a page is checked every time, so a deploy shows at once. */
  private static final String ASSET_CACHE = "public, max-age=300";

  void mount(Router router) {
    StaticHandler files = StaticHandler.create("webroot").setCachingEnabled(false).setDirectoryListing(false);
    // not under /v1, whose unknown paths and methods keep their 404 and 405 answers
    router.getWithRegex("/(?!v1/).*").handler(this::headers).handler(files);
  }

  private void headers(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    boolean page = path.endsWith("/") || path.endsWith(".html");
    ctx.addHeadersEndHandler(ignored -> ctx.response().headers()
        .set("Content-Security-Policy", CSP)
        .set("X-Content-Type-Options", "nosniff")
        .set(HttpHeaders.CACHE_CONTROL, page ? "no-cache" : ASSET_CACHE));
    ctx.next();
  }
}
