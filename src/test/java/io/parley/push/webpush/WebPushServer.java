package io.parley.push.webpush;

import io.parley.push.LocalService;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local push service that checks each request as a real one would, and more strictly: the VAPID token's ES256
 * signature against the key in {@code k} (and that key against the one the server publishes, when told), its
 * {@code aud} and {@code exp}; the {@code TTL}, {@code Urgency}, {@code Topic} and {@code Content-Encoding} headers;
 * and it decrypts the {@code aes128gcm} body with the subscription's private key and auth secret, written here from
 * RFC 8291 apart from the server's code. A request that passes is {@link Received} and answered with the next
 * scripted answer (201 when none); one that fails is answered 400 and kept in {@link #problems()}.
 */
public final class WebPushServer extends LocalService<WebPushServer> {
  private static final Pattern VAPID = Pattern.compile("vapid t=([^,\\s]+),\\s*k=([A-Za-z0-9_-]+)");
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9_-]{1,32}");

  /** A request that passed every check, with its decrypted payload. */
  public record Received(String subscriptionId, JsonObject payload, String topic, String urgency, int ttl,
      JsonObject claims) {
  }

  /** How to answer one request: a status and headers, or never ({@code status} 0). */
  public record Answer(int status, Map<String, String> headers) {
    public static Answer of(int status) {
      return new Answer(status, Map.of());
    }

    public static Answer never() {
      return new Answer(0, Map.of());
    }

    /** 201 and then a byte of body every 100 ms, never the end: only a deadline on the whole answer ends it. */
    public static Answer trickle() {
      return new Answer(-1, Map.of());
    }
  }

  /** A subscribed browser: its keys, as {@code PushSubscription.toJSON()} gives them. */
  public record Browser(String id, KeyPair keys, byte[] auth, String endpoint) {
    public JsonObject subscription() {
      return new JsonObject().put("endpoint", endpoint).put("expirationTime", (Object) null).put("keys",
          new JsonObject().put("p256dh", P256.base64Url(P256.encode((ECPublicKey) keys.getPublic())))
              .put("auth", P256.base64Url(auth)));
    }
  }

  private final Map<String, Browser> browsers = new ConcurrentHashMap<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final Deque<Answer> script = new ArrayDeque<>();
  private final List<Long> arrivals = new CopyOnWriteArrayList<>();
  private volatile String expectedKey;

  public WebPushServer(Vertx vertx) {
    super(vertx);
  }

  /** A new browser subscription at this service. */
  public Browser subscribe(String id) throws GeneralSecurityException {
    byte[] auth = new byte[16];
    new SecureRandom().nextBytes(auth);
    Browser browser = new Browser(id, P256.generate(), auth, origin() + "/push/" + id);
    browsers.put(id, browser);
    return browser;
  }

  /** The VAPID public key every request must carry (base64url), as the Parley server published it. */
  public void expectKey(String publicKey) {
    expectedKey = publicKey;
  }

  /** The next requests' answers, in order; once used up, 201. */
  public synchronized void answer(Answer... answers) {
    script.addAll(List.of(answers));
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public List<Received> received(String subscriptionId) {
    return received.stream().filter(r -> r.subscriptionId().equals(subscriptionId)).toList();
  }

  /** When each request arrived (ms), checked or not. */
  public List<Long> arrivals() {
    return List.copyOf(arrivals);
  }

  public List<String> problems() {
    return List.copyOf(problems);
  }

  @Override
  protected void handle(HttpServerRequest request) {
    arrivals.add(System.currentTimeMillis());
    request.body().onSuccess(body -> {
      try {
        Received checked = check(request, body);
        Answer answer = nextAnswer();
        if (answer.status() == 0) {
          return;
        }
        if (answer.status() == -1) {
          trickle(request);
          return;
        }
        if (answer.status() / 100 == 2) {
          received.add(checked);
        }
        answer.headers().forEach(request.response()::putHeader);
        request.response().setStatusCode(answer.status()).end();
      } catch (Exception e) {
        problems.add(e.getMessage());
        request.response().setStatusCode(400).end(String.valueOf(e.getMessage()));
      }
    });
  }

  private void trickle(HttpServerRequest request) {
    request.response().setChunked(true).setStatusCode(201).write(" ");
    long timer = vertx.setPeriodic(100, tick -> request.response().write(" "));
    request.connection().closeHandler(closed -> vertx.cancelTimer(timer));
  }

  private synchronized Answer nextAnswer() {
    return script.isEmpty() ? Answer.of(201) : script.poll();
  }

  private Received check(HttpServerRequest request, Buffer body) throws Exception {
    require(request.method().name().equals("POST"), "method " + request.method());
    String id = request.path().replaceFirst("^/push/", "");
    Browser browser = browsers.get(id);
    require(browser != null, "no subscription " + request.path());
    require("aes128gcm".equals(request.getHeader("Content-Encoding")), "Content-Encoding " + request.getHeader(
        "Content-Encoding"));
    String ttl = request.getHeader("TTL");
    require(ttl != null && ttl.matches("\\d+"), "TTL " + ttl);
    String urgency = request.getHeader("Urgency");
    require(List.of("very-low", "low", "normal", "high").contains(urgency), "Urgency " + urgency);
    String topic = request.getHeader("Topic");
    require(topic == null || TOPIC.matcher(topic).matches(), "Topic " + topic);
    JsonObject claims = checkVapid(request.getHeader("Authorization"));
    JsonObject payload = new JsonObject(new String(decrypt(body.getBytes(), browser), StandardCharsets.UTF_8));
    return new Received(id, payload, topic, urgency, Integer.parseInt(ttl), claims);
  }

  private JsonObject checkVapid(String authorization) throws GeneralSecurityException {
    Matcher vapid = VAPID.matcher(String.valueOf(authorization));
    require(vapid.matches(), "Authorization " + authorization);
    String key = vapid.group(2);
    require(expectedKey == null || expectedKey.equals(key), "VAPID key " + key + " is not the server's");
    String[] jwt = vapid.group(1).split("\\.");
    require(jwt.length == 3, "JWT of " + jwt.length + " parts");
    JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(jwt[0]), StandardCharsets.UTF_8));
    require("ES256".equals(header.getString("alg")), "JWT alg " + header.getString("alg"));
    Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
    verifier.initVerify(P256.publicKey(Base64.getUrlDecoder().decode(key)));
    verifier.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
    require(verifier.verify(Base64.getUrlDecoder().decode(jwt[2])), "VAPID signature does not verify");
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8));
    require(origin().equals(claims.getString("aud")), "aud " + claims.getString("aud"));
    long now = System.currentTimeMillis() / 1000;
    long exp = claims.getLong("exp", 0L);
    require(exp > now && exp <= now + 24 * 3600, "exp " + exp);
    String sub = claims.getString("sub", "");
    require(sub.startsWith("mailto:") || sub.startsWith("https:"), "sub " + sub);
    return claims;
  }

  /** RFC 8291 3.4 and RFC 8188 2, from the user agent's side. */
  private static byte[] decrypt(byte[] body, Browser browser) throws GeneralSecurityException {
    ByteBuffer in = ByteBuffer.wrap(body);
    byte[] salt = new byte[16];
    in.get(salt);
    int recordSize = in.getInt();
    byte[] asPublic = new byte[in.get() & 0xFF];
    in.get(asPublic);
    byte[] record = new byte[in.remaining()];
    in.get(record);
    require(record.length <= recordSize, "one record expected");
    byte[] uaPublic = P256.encode((ECPublicKey) browser.keys().getPublic());
    KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
    agreement.init(browser.keys().getPrivate());
    agreement.doPhase(P256.publicKey(asPublic), true);
    byte[] ecdh = agreement.generateSecret();
    byte[] prkKey = hmac(browser.auth(), ecdh);
    byte[] ikm = hmac(prkKey, join("WebPush: info".getBytes(StandardCharsets.US_ASCII), new byte[] {0}, uaPublic,
        asPublic, new byte[] {1}));
    byte[] prk = hmac(salt, ikm);
    byte[] cek = Arrays.copyOf(hmac(prk, join("Content-Encoding: aes128gcm".getBytes(StandardCharsets.US_ASCII),
        new byte[] {0, 1})), 16);
    byte[] nonce = Arrays.copyOf(hmac(prk, join("Content-Encoding: nonce".getBytes(StandardCharsets.US_ASCII),
        new byte[] {0, 1})), 12);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
    byte[] padded = cipher.doFinal(record);
    int end = padded.length - 1;
    while (end >= 0 && padded[end] == 0) {
      end--;
    }
    require(end >= 0 && padded[end] == 2, "last record must end with delimiter 2");
    return Arrays.copyOf(padded, end);
  }

  private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data);
  }

  private static byte[] join(byte[]... parts) {
    ByteBuffer out = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
    Arrays.stream(parts).forEach(out::put);
    return out.array();
  }

  private static void require(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalStateException(problem);
    }
  }
}
