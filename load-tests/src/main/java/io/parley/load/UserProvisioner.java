package io.parley.load;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Makes sure {@code count} distinct accounts with good tokens exist on the node: cached ones are reused, tokens
 * near expiry or refused by the node are renewed by logging in again, and the rest are signed up, all with bounded
 * concurrency.
 */
final class UserProvisioner {
  /** A token with less than this left could expire during a long hold. */
  private static final long RENEW_BEFORE_MILLIS = TimeUnit.HOURS.toMillis(2);

  private final BenchHttp http;
  private final int concurrency;
  private final AtomicInteger finished = new AtomicInteger();

  UserProvisioner(BenchHttp http, int concurrency) {
    this.http = http;
    this.concurrency = concurrency;
  }

  List<ScaleUser> ensure(List<ScaleUser> cached, int count) throws Exception {
    boolean cacheValid = !cached.isEmpty() && http.await(() -> http.me(cached.get(0).token())).status() == 200;
    long renewBefore = System.currentTimeMillis() + RENEW_BEFORE_MILLIS;
    String prefix = "cs" + UUID.randomUUID().toString().substring(0, 8) + "-";
    ScaleUser[] users = new ScaleUser[count];
    List<Integer> work = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ScaleUser known = i < cached.size() ? cached.get(i) : null;
      if (known != null && cacheValid && known.expiresAt() > renewBefore) {
        users[i] = known;
      } else {
        users[i] = known != null ? known : new ScaleUser(prefix + i, null, null, 0);
        work.add(i);
      }
    }
    if (!work.isEmpty()) {
      System.out.printf("users: %d cached and valid, %d to log in or sign up%n", count - work.size(), work.size());
      long start = System.nanoTime();
      http.await(() -> Bounded.run(work, concurrency, i -> logIn(users[i]).onSuccess(u -> users[i] = u)));
      System.out.printf("users ready in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }
    List<Integer> missing = IntStream.range(0, count).filter(i -> users[i].token() == null).boxed().toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException(missing.size() + " users could not be signed up or logged in, e.g. "
          + users[missing.get(0)].username());
    }
    return List.of(users);
  }

  /** Logs in, signing the account up first when it is new or the node does not know it (a fresh data dir). */
  private Future<ScaleUser> logIn(ScaleUser user) {
    String username = user.username();
    Future<BenchHttp.Reply> known = user.userId() == null
        ? Future.succeededFuture(new BenchHttp.Reply(401, new JsonObject()))
        : http.login(username);
    return known.compose(reply -> reply.status() == 401
        ? http.signUp(username).compose(ignored -> http.login(username))
        : Future.succeededFuture(reply)).map(reply -> {
          progress();
          if (reply.status() != 200) {
            throw new IllegalStateException("login " + username + ": " + reply.status() + " " + reply.body());
          }
          JsonObject body = reply.body();
          return new ScaleUser(username, body.getString("userId"), body.getString("token"),
              body.getLong("expiresAt"));
        });
  }

  private void progress() {
    int done = finished.incrementAndGet();
    if (done % 2000 == 0) {
      System.out.printf("users: %d logged in%n", done);
    }
  }
}
