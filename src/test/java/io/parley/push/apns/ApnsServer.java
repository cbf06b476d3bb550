package io.parley.push.apns;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
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

/**
 * A local APNs: HTTP/2 only, over TLS with a self-signed certificate for {@code localhost}. It checks each request as
 * Apple documents: HTTP/2, {@code POST /3/device/<hex token>}, a provider token that is an ES256 JWT verifying
 * against the key's public half with the expected {@code kid} and {@code iss} and an {@code iat} within the hour,
 * {@code apns-topic}, {@code apns-push-type}, {@code apns-collapse-id} (at most 64 bytes), {@code apns-expiration},
 * {@code apns-priority}, and a JSON body with {@code aps} of at most 4096 bytes. A request that passes is recorded
 * and answered as scripted (200 when nothing is); one that fails is answered 400 with the check as its reason.
 */
public final class ApnsServer {
  public static final String KEY_ID = "ABC123DEFG";
  public static final String TEAM_ID = "TEAM123456";
  public static final String TOPIC = "io.parley.app";

  /** A request that passed, with its headers and body. */
  public record Received(String deviceToken, Map<String, String> headers, JsonObject body) {
  }

  /** How to answer one request. */
  public record Answer(int status, String reason, Map<String, String> headers) {
    public static Answer of(int status, String reason) {
      return new Answer(status, reason, Map.of());
    }
  }

  private final Vertx vertx;
  private final KeyPair key;
  private final SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final Set<String> providerTokens = ConcurrentHashMap.newKeySet();
  private final Set<Object> connections = ConcurrentHashMap.newKeySet();
  private final Deque<Answer> script = new ArrayDeque<>();
  private HttpServer server;

  public ApnsServer(Vertx vertx, KeyPair key) {
    this.vertx = vertx;
    this.key = key;
  }

  public Future<ApnsServer> start() {
    HttpServerOptions options = new HttpServerOptions().setSsl(true).setUseAlpn(true)
        .setAlpnVersions(List.of(HttpVersion.HTTP_2)).setKeyCertOptions(certificate.keyCertOptions());
    return vertx.createHttpServer(options).requestHandler(this::handle).listen(0, "localhost").map(listening -> {
      server = listening;
      return this;
    });
  }

  public Future<Void> close() {
    return server.close().onComplete(done -> certificate.delete());
  }

  public String origin() {
    return "https://localhost:" + server.actualPort();
  }

  /** The PEM certificate a client must trust to reach this server. */
  public String caFile() {
    return certificate.certificatePath();
  }

  /** The signing key as Apple hands it out: a PKCS #8 PEM {@code .p8} file. */
  public static Path writeKey(KeyPair key, Path dir) throws Exception {
    Path file = dir.resolve("AuthKey_" + KEY_ID + ".p8");
    Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64,
        "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n");
    return file;
  }

  public synchronized void answer(Answer... answers) {
    script.addAll(List.of(answers));
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** The distinct provider tokens seen. */
  public Set<String> providerTokens() {
    return Set.copyOf(providerTokens);
  }

  /** The distinct HTTP/2 connections requests came on. */
  public int connections() {
    return connections.size();
  }

  private void handle(HttpServerRequest request) {
    connections.add(request.connection());
    request.body().onSuccess(body -> {
      try {
        Received checked = check(request, body);
        Answer answer = nextAnswer();
        if (answer.status() == 200) {
          received.add(checked);
        }
        answer.headers().forEach(request.response()::putHeader);
        request.response().setStatusCode(answer.status()).putHeader("apns-id", "00000000-0000-0000-0000-000000000001");
        if (answer.status() == 200) {
          request.response().end();
        } else {
          request.response().end(new JsonObject().put("reason", answer.reason()).encode());
        }
      } catch (Exception e) {
        problems.add(String.valueOf(e.getMessage()));
        request.response().setStatusCode(400).end(new JsonObject().put("reason", "Check: " + e.getMessage())
            .encode());
      }
    });
  }

  private synchronized Answer nextAnswer() {
    return script.isEmpty() ? Answer.of(200, "") : script.poll();
  }

  private Received check(HttpServerRequest request, Buffer body) throws GeneralSecurityException {
    require(request.version() == HttpVersion.HTTP_2, "not HTTP/2 but " + request.version());
    require(request.method().name().equals("POST"), "method " + request.method());
    require(request.path().matches("/3/device/[0-9a-fA-F]+"), "path " + request.path());
    String authorization = String.valueOf(request.getHeader("authorization"));
    require(authorization.startsWith("bearer "), "authorization " + authorization);
    String jwt = authorization.substring(7);
    checkProviderToken(jwt);
    providerTokens.add(jwt);
    require(TOPIC.equals(request.getHeader("apns-topic")), "apns-topic " + request.getHeader("apns-topic"));
    require("alert".equals(request.getHeader("apns-push-type")), "apns-push-type " + request.getHeader(
        "apns-push-type"));
    String collapseId = String.valueOf(request.getHeader("apns-collapse-id"));
    require(!collapseId.equals("null") && collapseId.getBytes(StandardCharsets.UTF_8).length <= 64,
        "apns-collapse-id " + collapseId);
    require(String.valueOf(request.getHeader("apns-expiration")).matches("\\d+"), "apns-expiration");
    require(List.of("10", "5", "1").contains(request.getHeader("apns-priority")), "apns-priority");
    require(body.length() <= 4096, "payload of " + body.length() + " bytes");
    JsonObject json = body.toJsonObject();
    require(json.getValue("aps") instanceof JsonObject, "no aps");
    Map<String, String> headers = new HashMap<>();
    request.headers().forEach(header -> headers.put(header.getKey().toLowerCase(), header.getValue()));
    return new Received(request.path().substring("/3/device/".length()), headers, json);
  }

  private void checkProviderToken(String jwt) throws GeneralSecurityException {
    String[] parts = jwt.split("\\.");
    require(parts.length == 3, "provider token of " + parts.length + " parts");
    Base64.Decoder base64 = Base64.getUrlDecoder();
    JsonObject header = new JsonObject(new String(base64.decode(parts[0]), StandardCharsets.UTF_8));
    require("ES256".equals(header.getString("alg")), "alg " + header.getString("alg"));
    require(KEY_ID.equals(header.getString("kid")), "kid " + header.getString("kid"));
    Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
    verifier.initVerify(key.getPublic());
    verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    require(verifier.verify(base64.decode(parts[2])), "provider token signature does not verify");
    JsonObject claims = new JsonObject(new String(base64.decode(parts[1]), StandardCharsets.UTF_8));
    require(TEAM_ID.equals(claims.getString("iss")), "iss " + claims.getString("iss"));
    long age = System.currentTimeMillis() / 1000 - claims.getLong("iat", 0L);
    require(age >= -60 && age < 3600, "iat " + age + " s old");
  }

  private static void require(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalStateException(problem);
    }
  }
}
