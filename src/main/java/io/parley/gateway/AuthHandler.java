package io.parley.gateway;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Function;

/** Lets a request through only with a valid bearer token, and records whose it is. */
final class AuthHandler implements Handler<RoutingContext> {
  static final String USER_ID = "userId";
  static final String CALLER = "caller";
  private static final String BEARER = "Bearer ";

  private final Function<String, Future<Caller>> verify;

  /** A token of a live session: {@link TokenService#verify}. */
  AuthHandler(TokenService tokens) {
    this(tokens::verify);
  }

  private AuthHandler(Function<String, Future<Caller>> verify) {
    this.verify = verify;
  }

  /** A token signed and not expired, whether its session is live or not: {@link TokenService#verifySignature}. */
  static AuthHandler signatureOnly(TokenService tokens) {
    return new AuthHandler(tokens::verifySignature);
  }

  @Override
  public void handle(RoutingContext ctx) {
    verify.apply(tokenOf(ctx.request())).onComplete(verified -> {
      if (verified.succeeded()) {
        ctx.put(USER_ID, verified.result().userId());
        ctx.put(CALLER, verified.result());
        ctx.next();
      } else {
        HttpJson.fail(ctx, verified.cause());
      }
    });
  }

  /** Whose token an authenticated request carries. */
  static Caller caller(RoutingContext ctx) {
    return ctx.get(CALLER);
  }

  /** The bearer token from the Authorization header, or from the {@code token} query parameter browsers must use. */
  static String tokenOf(HttpServerRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return header.substring(BEARER.length()).trim();
    }
    return request.getParam("token");
  }
}
