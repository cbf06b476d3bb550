package io.parley.push.fcm;

import io.parley.push.LocalService;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local Google token endpoint and FCM v1 send endpoint that check each request as the real ones document: the
 * token grant's RS256 JWT against the service account's public key and its {@code iss}, {@code scope}, {@code aud},
 * {@code iat}/{@code exp}; each send's bearer token against those issued, its path's project, and the message shape
 * ({@code token}, {@code data} of strings only, {@code notification}, {@code android.collapse_key} and {@code ttl},
 * at most 4096 bytes). A send that passes is recorded and answered as scripted (200 when nothing is); one that fails
 * a check is answered 400 and kept in {@link #problems()}.
 */
public final class FcmServer extends LocalService<FcmServer> {
  public static final String PROJECT = "parley-test";
  public static final String CLIENT_EMAIL = "push@parley-test.iam.gserviceaccount.com";

  /** How to answer one send. */
  public record Answer(int status, JsonObject body, Map<String, String> headers) {
    public static Answer of(int status) {
      return new Answer(status, new JsonObject(), Map.of());
    }

    /** A Google API error body as FCM sends it. */
    public static Answer error(int status, String grpcStatus, String message, String errorCode) {
      return new Answer(status, new JsonObject().put("error", new JsonObject().put("code", status)
          .put("message", message).put("status", grpcStatus).put("details", new JsonArray()
              .add(new JsonObject().put("@type", "type.googleapis.com/google.firebase.fcm.v1.FcmError")
                  .put("errorCode", errorCode)))), Map.of());
    }
  }

  private final KeyPair keys;
  private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
  private final AtomicInteger tokenRequests = new AtomicInteger();
  private final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final Deque<Answer> script = new ArrayDeque<>();

  public FcmServer(Vertx vertx) throws GeneralSecurityException {
    super(vertx);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    this.keys = generator.generateKeyPair();
  }

  /** The service-account key file for this project, signed by {@code key} (normally its own). */
  public JsonObject serviceAccount(KeyPair key) {
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
            key.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    return new JsonObject().put("type", "service_account").put("project_id", PROJECT).put("private_key_id", "key-1")
        .put("private_key", pem).put("client_email", CLIENT_EMAIL).put("token_uri", origin() + "/token");
  }

  public Path writeServiceAccount(Path dir) throws Exception {
    Path file = dir.resolve("service-account.json");
    Files.writeString(file, serviceAccount(keys).encodePrettily());
    return file;
  }

  public KeyPair keys() {
    return keys;
  }

  /** Every access token issued so far stops being accepted, as when Google revokes them. */
  public void revokeTokens() {
    validTokens.clear();
  }

  public synchronized void answer(Answer... answers) {
    script.addAll(List.of(answers));
  }

  public int tokenRequests() {
    return tokenRequests.get();
  }

  /** The {@code message} of each send that passed the checks and was answered 200. */
  public List<JsonObject> received() {
    return List.copyOf(received);
  }

  public List<String> problems() {
    return List.copyOf(problems);
  }

  @Override
  protected void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      try {
        if (request.path().equals("/token")) {
          grant(request, body);
        } else {
          send(request, body);
        }
      } catch (Exception e) {
        problems.add(String.valueOf(e.getMessage()));
        request.response().setStatusCode(400).end(new JsonObject().put("error", "invalid_grant")
            .put("error_description", String.valueOf(e.getMessage())).encode());
      }
    });
  }

  private void grant(HttpServerRequest request, Buffer body) throws GeneralSecurityException {
    tokenRequests.incrementAndGet();
    require(request.method().name().equals("POST"), "token method " + request.method());
    require(String.valueOf(request.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded"),
        "token Content-Type " + request.getHeader("Content-Type"));
    Map<String, String> form = new HashMap<>();
    for (String pair : body.toString(StandardCharsets.US_ASCII).split("&")) {
      String[] kv = pair.split("=", 2);
      form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length < 2 ? ""
          : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    require("urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type")),
        "grant_type " + form.get("grant_type"));
    JsonObject claims = verifiedClaims(String.valueOf(form.get("assertion")), keys.getPublic());
    require(CLIENT_EMAIL.equals(claims.getString("iss")), "iss " + claims.getString("iss"));
    require(AccessTokens.SCOPE.equals(claims.getString("scope")), "scope " + claims.getString("scope"));
    require((origin() + "/token").equals(claims.getString("aud")), "aud " + claims.getString("aud"));
    long now = System.currentTimeMillis() / 1000;
    long iat = claims.getLong("iat", 0L);
    long exp = claims.getLong("exp", 0L);
    require(Math.abs(iat - now) < 300 && exp > now && exp - iat <= 3600, "iat " + iat + " exp " + exp);
    String token = "ya29.test-" + tokenRequests.get();
    validTokens.add(token);
    request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
        .put("access_token", token).put("expires_in", 3599).put("token_type", "Bearer").encode());
  }

  private void send(HttpServerRequest request, Buffer body) {
    require(request.method().name().equals("POST"), "send method " + request.method());
    require(request.path().equals("/v1/projects/" + PROJECT + "/messages:send"), "path " + request.path());
    String authorization = String.valueOf(request.getHeader("Authorization"));
    if (!authorization.startsWith("Bearer ") || !validTokens.contains(authorization.substring(7))) {
      request.response().setStatusCode(401).end(Answer.error(401, "UNAUTHENTICATED",
          "Request had invalid authentication credentials.", "THIRD_PARTY_AUTH_ERROR").body().encode());
      return;
    }
    require(body.length() <= 4096, "message of " + body.length() + " bytes");
    JsonObject message = body.toJsonObject().getJsonObject("message");
    require(message != null && !message.getString("token", "").isEmpty(), "no message.token");
    JsonObject data = message.getJsonObject("data", new JsonObject());
    data.forEach(field -> require(field.getValue() instanceof String, "data." + field.getKey() + " not a string"));
    require(message.getJsonObject("notification", new JsonObject()).containsKey("title"), "no notification.title");
    JsonObject android = message.getJsonObject("android", new JsonObject());
    require(!android.getString("collapse_key", "").isEmpty(), "no android.collapse_key");
    require(android.getString("ttl", "").matches("\\d+s"), "android.ttl " + android.getString("ttl"));
    Answer answer = nextAnswer();
    if (answer.status() == 200) {
      received.add(message);
    }
    answer.headers().forEach(request.response()::putHeader);
    JsonObject reply = answer.status() == 200
        ? new JsonObject().put("name", "projects/" + PROJECT + "/messages/" + received.size()) : answer.body();
    request.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json")
        .end(reply.encode());
  }

  private synchronized Answer nextAnswer() {
    return script.isEmpty() ? Answer.of(200) : script.poll();
  }

  static JsonObject verifiedClaims(String jwt, PublicKey key) throws GeneralSecurityException {
    String[] parts = jwt.split("\\.");
    require(parts.length == 3, "JWT of " + parts.length + " parts");
    Base64.Decoder base64 = Base64.getUrlDecoder();
    JsonObject header = new JsonObject(new String(base64.decode(parts[0]), StandardCharsets.UTF_8));
    require("RS256".equals(header.getString("alg")), "alg " + header.getString("alg"));
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(key);
    verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    require(verifier.verify(base64.decode(parts[2])), "JWT signature does not verify");
    return new JsonObject(new String(base64.decode(parts[1]), StandardCharsets.UTF_8));
  }

  private static void require(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalStateException(problem);
    }
  }
}
