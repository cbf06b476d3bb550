package io.parley.storage;

import io.parley.config.ConfigException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * The storage backend from the first attempt to open it until it is open. A backend on other machines (Cassandra)
 * that cannot be reached is tried again in the background, after pauses that double from one second to thirty, so
 * the node starts and stays up without it instead of exiting into a restart loop: meanwhile {@link #problem} says
 * why (and {@code /health} answers 503 with it), and every request that needs storage fails {@code UNAVAILABLE}, as
 * nothing consumes the storage addresses yet. A backend that fails on this machine's own disk, or for its config,
 * fails the start: nothing outside the node will fix it.
 *
 * <p>The first failure is logged once at error with its cause; later attempts log only when the cause changes.
 */
public final class StorageOpening {
  private static final Logger log = LoggerFactory.getLogger(StorageOpening.class);
  private static final long FIRST_PAUSE_MS = 1_000;
  private static final long MAX_PAUSE_MS = 30_000;

  private final Vertx vertx;
  /** Every attempt, timer and close runs here, so the fields below need no lock. */
  private final Context context;
  private final String name;
  private final Supplier<Future<StorageBackend>> open;
  private final boolean retries;
  private final Promise<Void> firstAttempt = Promise.promise();
  private final Promise<StorageBackend> opened = Promise.promise();
  private volatile String problem;
  private int attempts;
  private long timer = -1;
  private boolean closed;

  StorageOpening(Vertx vertx, String name, Supplier<Future<StorageBackend>> open, boolean retries) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.name = name;
    this.open = open;
    this.retries = retries;
    this.problem = name + " opening";
  }

  /** Starts the first attempt; {@link StorageBackends#opening} decides which backends retry. */
  StorageOpening begin() {
    context.runOnContext(ignored -> attempt(FIRST_PAUSE_MS));
    return this;
  }

  /**
   * Completes after the first attempt: failed only if that attempt failed and is not retried, so the node's start
   * fails with it; otherwise the backend may still be opening.
   */
  public Future<Void> firstAttempt() {
    return firstAttempt.future();
  }

  /** Completes once the backend is open; fails if it never will (not retried, or {@link #close} came first). */
  public Future<StorageBackend> opened() {
    return opened.future();
  }

  /** Why the backend cannot write: still opening (and why the last attempt failed), or the open backend's problem. */
  public String problem() {
    StorageBackend backend = opened.future().result();
    return backend != null ? backend.problem() : problem;
  }

  /** Stops retrying and closes the backend if it opened. */
  public Future<Void> close() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(ignored -> {
      closed = true;
      vertx.cancelTimer(timer);
      opened.tryFail("storage closed before it opened");
      firstAttempt.tryComplete();
      StorageBackend backend = opened.future().result();
      (backend == null ? Future.<Void>succeededFuture() : backend.close()).onComplete(done);
    });
    return done.future();
  }

  private void attempt(long pause) {
    attempts++;
    open.get().onComplete(done -> {
      if (closed) {
        if (done.succeeded()) {
          done.result().close();
        }
        return;
      }
      if (done.succeeded()) {
        if (attempts > 1) {
          log.info("storage opened type={} after {} attempts", name, attempts);
        }
        opened.complete(done.result());
        firstAttempt.tryComplete();
      } else if (!retries || done.cause() instanceof ConfigException) {
        opened.fail(done.cause());
        firstAttempt.tryFail(done.cause());
      } else {
        retryLater(done.cause(), pause);
        firstAttempt.tryComplete();
      }
    });
  }

  private void retryLater(Throwable cause, long pause) {
    String reason = name + " unreachable: " + cause.getMessage();
    if (attempts == 1) {
      log.error("storage unavailable, the node runs without it and /health answers 503: {}; retrying every {} s "
          + "at most", reason, MAX_PAUSE_MS / 1000);
    } else if (!reason.equals(problem)) {
      log.warn("storage still unavailable after {} attempts: {}", attempts, reason);
    }
    problem = reason;
    timer = vertx.setTimer(pause, id -> attempt(Math.min(pause * 2, MAX_PAUSE_MS)));
  }
}
