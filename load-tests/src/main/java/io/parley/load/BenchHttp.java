package io.parley.load;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.Supplier;

/** The HTTP steps the load tools share: sign up and log in, create groups, driven from a plain thread. */
final class BenchHttp {
  private final Lane lane;
  private final HttpClient http;
  private final String host;
  private final int port;

  BenchHttp(Vertx vertx, String host, int port) {
    this.lane = new Lane(vertx);
    this.http = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(16));
    this.host = host;
    this.port = port;
  }

  /** Signs up a new account and logs it in: {userId, token}. */
  JsonObject newUser(String username) throws Exception {
    return await(() -> signUp(username));
  }

  /** Signs up a new account and logs it in: {userId, token}. Call it on this client's context (inside await). */
  Future<JsonObject> signUp(String username) {
    JsonObject credentials = new JsonObject().put("username", username).put("password", "benchmark-password");
    return post("/v1/accounts", null, credentials).compose(ignored -> post("/v1/sessions", null, credentials));
  }

  /** Creates a group owned by the token's user with {@code members} added: its groupId. */
  String createGroup(String ownerToken, String name, List<String> members) throws Exception {
    JsonObject body = new JsonObject().put("name", name).put("members", new JsonArray(members));
    JsonObject group = await(() -> post("/v1/groups", ownerToken, body));
    if (group.getString("groupId") == null) {
      throw new IllegalStateException("group not created: " + group.encode());
    }
    return group.getString("groupId");
  }

  /** Runs {@code work} on the client's context and waits for it (see {@link Lane}). */
  <T> T await(Supplier<Future<T>> work) throws Exception {
    return lane.await(work);
  }

  private Future<JsonObject> post(String path, String token, JsonObject body) {
    return http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port).setURI(path))
        .compose(request -> {
          if (token != null) {
            request.putHeader("authorization", "Bearer " + token);
          }
          return request.putHeader("content-type", "application/json").send(body.encode());
        })
        .compose(response -> response.body().map(buffer -> buffer.toJsonObject()));
  }
}
