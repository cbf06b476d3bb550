package io.parley.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /v1/openapi.json}: the OpenAPI document of the HTTP API, served without a token. Its one source is
 * docs/openapi.json, which the build copies into the jar; it is read once, when the class loads.
 */
final class ApiDocument {
  static final String PATH = "/v1/openapi.json";
  private static final String RESOURCE = "docs/openapi.json";
  private static final byte[] DOCUMENT = load();

  private ApiDocument() {
  }

  static void mount(Router router) {
    router.get(PATH).handler(ApiDocument::handleGet);
    // mounted before the token check, which would answer a wrong method with 401
    router.route(PATH).handler(HttpJson::methodNotAllowed);
  }

  private static void handleGet(RoutingContext ctx) {
    ctx.response().putHeader("content-type", "application/json").end(Buffer.buffer(DOCUMENT));
  }

  private static byte[] load() {
    try (InputStream in = ApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath (the build copies it from docs/)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
