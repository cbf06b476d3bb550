package io.parley.load;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The HTTP steps the load tools share: sign up and log in, driven from a plain thread. */
final class BenchHttp {
  private final Context context;
  private final HttpClient http;
  private final String host;
  private final int port;

  BenchHttp(Vertx vertx, String host, int port) {
    this.context = vertx.getOrCreateContext();
    this.http = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(16));
    this.host = host;
    this.port = port;
  }

  /** Signs up a new account and logs it in: {userId, token}. */
  JsonObject newUser(String username) throws Exception {
    JsonObject credentials = new JsonObject().put("username", username).put("password", "benchmark-password");
    return await(() -> post("/v1/accounts", credentials).compose(ignored -> post("/v1/sessions", credentials)));
  }

  /**
   * Runs {@code work} on the client's context and waits for it. A response handled from a foreign thread can lose
   * its body to a race inside the client, so every chain starts on the context.
   */
  <T> T await(Supplier<Future<T>> work) throws Exception {
    Promise<T> done = Promise.promise();
    context.runOnContext(ignored -> work.get().onComplete(done));
    return done.future().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private Future<JsonObject> post(String path, JsonObject body) {
    return http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port).setURI(path))
        .compose(request -> request.putHeader("content-type", "application/json").send(body.encode()))
        .compose(response -> response.body().map(buffer -> buffer.toJsonObject()));
  }
}
