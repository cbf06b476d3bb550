package io.parley.load;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.lang.ref.Reference;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The HTTP steps the load tools share: sign up and log in, create groups, driven from a plain thread. */
final class BenchHttp {
  static final String PASSWORD = "benchmark-password";

  /** An HTTP answer: its status and its JSON body (empty when it had none). */
  record Reply(int status, JsonObject body) {
  }

  private final Context context;
  private final HttpClient http;
  private final String host;
  private final int port;

  BenchHttp(Vertx vertx, String host, int port) {
    this(vertx, host, port, 16);
  }

  BenchHttp(Vertx vertx, String host, int port, int connections) {
    this.context = vertx.getOrCreateContext();
    this.http = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(connections));
    this.host = host;
    this.port = port;
  }

  /** Signs up a new account and logs it in: {userId, token}. */
  JsonObject newUser(String username) throws Exception {
    return await(() -> newAccount(username));
  }

  /** Signs up a new account and logs it in: {userId, token}. Call it on this client's context (inside await). */
  Future<JsonObject> newAccount(String username) {
    return signUp(username).compose(ignored -> login(username)).map(Reply::body);
  }

  /** Creates a group owned by the token's user with {@code members} added: its groupId. */
  String createGroup(String ownerToken, String name, List<String> members) throws Exception {
    JsonObject body = new JsonObject().put("name", name).put("members", new JsonArray(members));
    JsonObject group = await(() -> call(HttpMethod.POST, "/v1/groups", ownerToken, body)).body();
    if (group.getString("groupId") == null) {
      throw new IllegalStateException("group not created: " + group.encode());
    }
    return group.getString("groupId");
  }

  /** {@code POST /v1/accounts}; 201 on success, 409 when the name is taken. */
  Future<Reply> signUp(String username) {
    return call(HttpMethod.POST, "/v1/accounts", null, credentials(username));
  }

  /** {@code POST /v1/sessions}; 200 with {token, userId, expiresAt}, 401 for an unknown user. */
  Future<Reply> login(String username) {
    return call(HttpMethod.POST, "/v1/sessions", null, credentials(username));
  }

  /** {@code GET /v1/me}: 200 while {@code token} is good on this node. */
  Future<Reply> me(String token) {
    return call(HttpMethod.GET, "/v1/me", token, null);
  }

  /** Runs {@code work} on the client's context and waits for it (see {@link OnContext}). */
  <T> T await(Supplier<Future<T>> work) throws Exception {
    try {
      return OnContext.await(context, work, TimeUnit.MINUTES.toSeconds(10));
    } finally {
      // Vert.x shuts an HttpClient down once it is unreachable, which would drop answers still on their way
      Reference.reachabilityFence(this);
    }
  }

  private static JsonObject credentials(String username) {
    return new JsonObject().put("username", username).put("password", PASSWORD);
  }

  private Future<Reply> call(HttpMethod method, String path, String token, JsonObject body) {
    return http.request(new RequestOptions().setMethod(method).setHost(host).setPort(port).setURI(path))
        .compose(request -> {
          request.putHeader("content-type", "application/json");
          if (token != null) {
            request.putHeader("authorization", "Bearer " + token);
          }
          return body == null ? request.send() : request.send(body.encode());
        })
        .compose(response -> response.body().map(buffer ->
            new Reply(response.statusCode(), buffer.length() == 0 ? new JsonObject() : buffer.toJsonObject())));
  }
}
