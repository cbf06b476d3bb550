package io.parley.presence.redis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One pipelined connection to Redis, held rather than leased per command: Redis runs the commands of one connection
 * in the order they were sent, so a device's disconnect can never overtake its connect, and no pool limit refuses a
 * burst. The scripts are loaded on every new connection before it is used.
 *
 * <p>Every command, and a connect, fails after the timeout instead of waiting. A connection that closes or fails is
 * dropped, and so is one that has read nothing for twice the timeout (a half-open socket to a vanished host), and
 * the next command connects again; a failed connect waits a backoff, from 100 ms doubling to 2 s, before the next
 * try, so while Redis is down commands fail at once instead of each waiting for a connect.
 */
final class RedisLink {
  private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
  private static final long FIRST_BACKOFF_MILLIS = 100;
  private static final long MAX_BACKOFF_MILLIS = 2_000;

  private final Redis client;
  private final List<RedisScript> scripts;
  private final long timeoutMillis;
  private Future<RedisConnection> connection;
  private long backoffMillis = FIRST_BACKOFF_MILLIS;
  private long nextConnectNanos = System.nanoTime();
  private boolean available = true;

  RedisLink(Vertx vertx, String url, int timeoutMillis, List<RedisScript> scripts) {
    this.client = Redis.createClient(vertx, new RedisOptions()
        .setConnectionString(url)
        .setNetClientOptions(new NetClientOptions()
            .setConnectTimeout(timeoutMillis)
            .setReadIdleTimeout(2 * timeoutMillis)
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)));
    this.scripts = scripts;
    this.timeoutMillis = timeoutMillis;
  }

  Future<Response> run(RedisScript script, List<String> keys, List<String> args) {
    return send(connection -> connection.send(script.bySha(keys, args))
        .recover(failure -> isNoScript(failure)
            ? connection.send(script.bySource(keys, args))
            : Future.failedFuture(failure)));
  }

  Future<Response> send(Request request) {
    return send(connection -> connection.send(request));
  }

  Future<Void> close() {
    return client.close();
  }

  private Future<Response> send(Function<RedisConnection, Future<Response>> command) {
    return connection()
        .compose(command)
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .andThen(done -> availability(done.succeeded(), done.cause()));
  }

  private synchronized Future<RedisConnection> connection() {
    if (connection != null) {
      return connection;
    }
    long waitNanos = nextConnectNanos - System.nanoTime();
    if (waitNanos > 0) {
      return Future.failedFuture(new IllegalStateException("redis unreachable, next connect in "
          + TimeUnit.NANOSECONDS.toMillis(waitNanos) + " ms"));
    }
    Future<RedisConnection> connecting = client.connect()
        .compose(opened -> loadScripts(opened).map(opened))
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS);
    connection = connecting;
    connecting.onComplete(done -> connected(connecting, done.result()));
    return connecting;
  }

  private Future<Void> loadScripts(RedisConnection opened) {
    return Future.all(scripts.stream().map(script -> opened.send(script.load())).toList())
        .<Void>mapEmpty()
        .onFailure(failure -> opened.close());
  }

  private synchronized void connected(Future<RedisConnection> connecting, RedisConnection opened) {
    if (opened == null) {
      nextConnectNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMillis);
      backoffMillis = Math.min(MAX_BACKOFF_MILLIS, 2 * backoffMillis);
      drop(connecting);
      return;
    }
    backoffMillis = FIRST_BACKOFF_MILLIS;
    opened.exceptionHandler(failure -> drop(connecting));
    opened.endHandler(end -> drop(connecting));
  }

  private synchronized void drop(Future<RedisConnection> dead) {
    if (connection == dead) {
      connection = null;
    }
  }

  /** Logs once when Redis stops answering and once when it answers again. */
  private synchronized void availability(boolean succeeded, Throwable failure) {
    if (succeeded && !available) {
      available = true;
      log.info("presence redis available again");
    } else if (!succeeded && available) {
      available = false;
      log.warn("presence redis unavailable cause={}", failure.toString());
    }
  }

  private static boolean isNoScript(Throwable failure) {
    return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
  }
}
