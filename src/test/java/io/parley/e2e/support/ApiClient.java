package io.parley.e2e.support;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.lang.ref.Reference;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP half of a Parley client, written from docs/PROTOCOL.md: raw calls that return whatever the server
 * answered, and a few named steps (sign up, log in, befriend, create a group) that insist on success. Every answer
 * of the API port is checked against docs/openapi.json ({@link ApiContract}): one it does not describe fails the
 * test that asked.
 */
public final class ApiClient {
  static final long TIMEOUT_SECONDS = 20;
  private static final String PASSWORD = "correct horse battery";

  private final Context context;
  private final HttpClient http;
  private final int port;
  private final ApiContract contract;

  public ApiClient(Vertx vertx, int port) {
    this(vertx, port, new HttpClientOptions(), ApiContract.shared());
  }

  /** A client whose connections come from {@code localAddress} (any of 127.0.0.0/8 on loopback), for per-address limits. */
  public static ApiClient from(Vertx vertx, int port, String localAddress) {
    return new ApiClient(vertx, port, new HttpClientOptions().setLocalAddress(localAddress), ApiContract.shared());
  }

  /** A client of the metrics port ({@code /metrics}, {@code /health}), which is for operators and not in the API document. */
  public static ApiClient ofMetricsPort(Vertx vertx, int port) {
    return new ApiClient(vertx, port, new HttpClientOptions(), null);
  }

  private ApiClient(Vertx vertx, int port, HttpClientOptions options, ApiContract contract) {
    this.context = vertx.getOrCreateContext();
    this.http = vertx.createHttpClient(options);
    this.port = port;
    this.contract = contract;
  }

  /** Polls {@code GET /health} until {@code until} holds, for at most {@code within}, and returns that answer. */
  public ApiResponse awaitHealth(Predicate<ApiResponse> until, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    ApiResponse last = get("/health", null);
    while (!until.test(last)) {
      assertThat(System.nanoTime()).as("health still %s after %s", last.body(), within).isLessThan(deadline);
      Thread.sleep(100);
      last = get("/health", null);
    }
    return last;
  }

  public ApiResponse get(String path, String token) {
    return call(HttpMethod.GET, path, token, null);
  }

  public ApiResponse post(String path, String token, Object body) {
    return call(HttpMethod.POST, path, token, body);
  }

  public ApiResponse put(String path, String token, Object body) {
    return call(HttpMethod.PUT, path, token, body);
  }

  public ApiResponse patch(String path, String token, Object body) {
    return call(HttpMethod.PATCH, path, token, body);
  }

  public ApiResponse delete(String path, String token) {
    return call(HttpMethod.DELETE, path, token, null);
  }

  /** One request; {@code body} is a JSON object, or a string sent verbatim (for malformed bodies), or null. */
  public ApiResponse call(HttpMethod method, String path, String token, Object body) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(path);
    if (token != null) {
      options.putHeader("Authorization", "Bearer " + token);
    }
    if (body != null) {
      options.putHeader("Content-Type", "application/json");
    }
    Buffer payload = body == null ? null : Buffer.buffer(body instanceof JsonObject json ? json.encode() : (String) body);
    Future<ApiResponse> answer = OnContext.run(context, () -> http.request(options)
        .compose(request -> payload == null ? request.send() : request.send(payload))
        .compose(response -> response.body().map(bytes -> toResponse(method + " " + path, response, bytes))));
    try {
      ApiResponse response = await(answer, method + " " + path);
      String violation = contract == null ? null
          : contract.violation(method, path, response.status(), response.headers(), response.body());
      if (violation != null) {
        throw new AssertionError("answer not as docs/openapi.json says: " + violation);
      }
      return response;
    } finally {
      // Vert.x shuts an HttpClient down once it is unreachable, which would drop the answer still on its way
      Reference.reachabilityFence(this);
    }
  }

  /** Signs up a fresh account with a unique name and logs it in. */
  public TestUser newUser(String namePrefix) {
    String username = Names.unique(namePrefix);
    signUp(username, PASSWORD).expect(201);
    return logIn(username, PASSWORD);
  }

  /** Signs up a fresh account without logging in; returns its user id. */
  public String newAccountId(String namePrefix) {
    return signUp(Names.unique(namePrefix), PASSWORD).expect(201).getString("userId");
  }

  /** Several fresh, logged-in accounts. */
  public List<TestUser> newUsers(String namePrefix, int count) {
    return Arrays.stream(new TestUser[count]).map(unused -> newUser(namePrefix)).toList();
  }

  public ApiResponse signUp(String username, String password) {
    return post("/v1/accounts", null, new JsonObject().put("username", username).put("password", password));
  }

  public ApiResponse tryLogIn(String username, String password) {
    return post("/v1/sessions", null, new JsonObject().put("username", username).put("password", password));
  }

  public TestUser logIn(String username, String password) {
    JsonObject session = tryLogIn(username, password).expect(200);
    return new TestUser(session.getString("userId"), username, password, session.getString("token"));
  }

  /** Makes two users friends: {@code user} asks and {@code friend} accepts. */
  public void befriend(TestUser user, TestUser friend) {
    post("/v1/friend-requests/" + friend.userId(), user.token(), null).expect(201);
    post("/v1/friend-requests/" + user.userId() + "/accept", friend.token(), null).expect(200);
  }

  public JsonArray friendsOf(TestUser user) {
    return get("/v1/friends", user.token()).expect(200).getJsonArray("friends");
  }

  /** Creates a group owned by {@code owner} with the given other members; returns the group object. */
  public JsonObject createGroup(TestUser owner, TestUser... members) {
    JsonArray ids = new JsonArray(Arrays.stream(members).map(TestUser::userId).toList());
    return post("/v1/groups", owner.token(), new JsonObject().put("name", "e2e group").put("members", ids)).expect(201);
  }

  /** {@code GET /v1/conversations/{id}/messages} with the query string given verbatim (may be empty). */
  public ApiResponse history(TestUser reader, String conversationId, String query) {
    String suffix = query == null || query.isEmpty() ? "" : "?" + query;
    return get("/v1/conversations/" + conversationId + "/messages" + suffix, reader.token());
  }

  private static ApiResponse toResponse(String request, HttpClientResponse response, Buffer body) {
    return new ApiResponse(request, response.statusCode(), response.headers(), body);
  }

  static <T> T await(Future<T> future, String what) {
    try {
      return future.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(what + ": no answer within " + TIMEOUT_SECONDS + " s: " + e, e);
    }
  }
}
