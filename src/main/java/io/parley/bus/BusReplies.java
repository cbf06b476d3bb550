package io.parley.bus;

import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/** Answers bus requests from futures and turns bus failures back into {@link Failure}s. */
public final class BusReplies {
  private static final Logger log = LoggerFactory.getLogger(BusReplies.class);

  private BusReplies() {
  }

  /** Replies with {@code body} applied to the result, or fails the request with the failure's code. */
  public static <T> void reply(Message<?> request, Future<T> result, Function<? super T, ?> body) {
    result.onComplete(done -> {
      if (done.succeeded()) {
        request.reply(body.apply(done.result()));
      } else {
        Failure failure = failureOf(done.cause());
        if (failure == Failure.INTERNAL) {
          log.error("request failed address={}", request.address(), done.cause());
        }
        request.fail(failure.code(), done.cause().getMessage());
      }
    });
  }

  /** Replies with the result itself. */
  public static void reply(Message<?> request, Future<?> result) {
    reply(request, result, Function.identity());
  }

  /**
   * The failure a cause stands for. Timeouts and missing handlers are {@link Failure#UNAVAILABLE}: the client may
   * retry; a recipient's failure carries its own code.
   */
  public static Failure failureOf(Throwable cause) {
    if (cause instanceof ChatException chat) {
      return chat.failure();
    }
    if (cause instanceof ReplyException reply) {
      if (reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
        return Failure.ofCode(reply.failureCode());
      }
      return Failure.UNAVAILABLE;
    }
    return Failure.INTERNAL;
  }
}
