package io.parley.gateway;

import io.parley.bus.ChatException;
import io.parley.protocol.Fields;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Function;

/** Turns HTTP requests into bus requests and bus replies into HTTP responses. */
final class BusForward {
  private final EventBus bus;

  BusForward(EventBus bus) {
    this.bus = bus;
  }

  <T> Future<T> request(String address, Object body) {
    return bus.<T>request(address, body).map(Message::body);
  }

  /** Answers {@code ctx} with {@code status} and the mapped result, or with the failure's error. */
  static <T> void respond(RoutingContext ctx, Future<T> result, int status, Function<? super T, ?> toBody) {
    result.onComplete(done -> {
      if (done.succeeded()) {
        HttpJson.respond(ctx, status, toBody.apply(done.result()));
      } else {
        HttpJson.fail(ctx, done.cause());
      }
    });
  }

  /** Runs a handler body, answering any {@link ChatException} it throws while checking the request. */
  static void guarded(RoutingContext ctx, Runnable handler) {
    try {
      handler.run();
    } catch (ChatException e) {
      HttpJson.fail(ctx, e);
    }
  }

  /** A path parameter that must be an id; a malformed one is INVALID, as an id is everywhere. */
  static String pathId(RoutingContext ctx, String name) {
    return Fields.id(ctx.pathParam(name), name);
  }
}
