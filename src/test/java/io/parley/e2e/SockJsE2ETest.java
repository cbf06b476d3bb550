package io.parley.e2e;

import io.parley.e2e.support.Frames;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.Texts;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("SockJS at /v1/sockjs: the WebSocket protocol over every transport, bound to its owner")
class SockJsE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.withConfig(config -> config
      .set("gateway.writeQueueMaxBytes", 65_536)
      .set("http.requestTimeoutSeconds", 1)
      .set("gateway.messagesPerSecond", 20)
      .set("gateway.messageBurst", 40)
      .set("gateway.allowedOrigins", "http://app.example"));

  @Injected private TestUser alice;
  @Injected private TestUser bob;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  @DisplayName("xhr-polling: open, welcome, a sync sent by xhr_send answered on the next poll")
  void xhrPolling() throws Exception {
    String session = base("/v1/sockjs", newSessionId());
    assertThat(post(session + "/xhr" + auth(alice, "web"), "").body()).isEqualTo("o\n");
    assertThat(frames(post(session + "/xhr" + auth(alice, "web"), "").body()).getJsonObject(0).getString("type"))
        .isEqualTo("welcome");
    HttpResponse<String> sent = post(session + "/xhr_send" + auth(alice, "web"), sync("s1"));
    assertThat(sent.statusCode()).isEqualTo(204);
    assertThat(pollUntil(session, alice, "sync.page").getString("ref")).isEqualTo("s1");
  }

  @Test
  @DisplayName("a session is its owner's: another user's polls and sends are refused, nothing read or injected")
  void hijackRefused() throws Exception {
    String session = openedSession(alice);

    assertThat(post(session + "/xhr_send" + auth(bob, "web"), sync("evil")).statusCode()).isEqualTo(404);
    assertThat(post(session + "/xhr" + auth(bob, "web"), "").statusCode()).isEqualTo(404);
    assertThat(post(session + "/xhr_send" + auth(alice, "other-device"), sync("evil")).statusCode())
        .isEqualTo(404);

    // positive control: the owner's own request on the same session goes through, and only its frame is answered
    assertThat(post(session + "/xhr_send" + auth(alice, "web"), sync("mine")).statusCode()).isEqualTo(204);
    assertThat(pollUntil(session, alice, "sync.page").getString("ref")).isEqualTo("mine");
  }

  @Test
  @DisplayName("a bad token is refused 401 before a session exists; the same request with a good one opens")
  void badTokenRefused() throws Exception {
    HttpResponse<String> refused = post(base("/v1/sockjs", newSessionId()) + "/xhr?deviceId=web&token=nope", "");
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("UNAUTHORIZED");
    assertThat(post(base("/v1/sockjs", newSessionId()) + "/xhr" + auth(alice, "web"), "").body()).isEqualTo("o\n");
  }

  @Test
  @DisplayName("an xhr_send body over the limit is refused 413 and closes the session with 1009")
  void oversizedSendRefused() throws Exception {
    String session = openedSession(alice);
    assertThat(post(session + "/xhr_send" + auth(alice, "web"), sync("small")).statusCode()).isEqualTo(204);
    String huge = new JsonArray().add("x".repeat(4 * 1310720)).encode();
    assertThat(post(session + "/xhr_send" + auth(alice, "web"), huge).statusCode()).isEqualTo(413);
    String closing = "";
    for (int i = 0; i < 5 && !closing.startsWith("c"); i++) {
      closing = post(session + "/xhr" + auth(alice, "web"), "").body();
    }
    assertThat(closing).startsWith("c[1009,");
  }

  @Test
  @DisplayName("a page of another origin is refused; the node's own origin passes")
  void crossOriginRefused() throws Exception {
    String url = base("/v1/sockjs", newSessionId()) + "/xhr" + auth(alice, "web");
    HttpResponse<String> refused = postFrom(url, "http://evil.example");
    assertThat(refused.statusCode()).isEqualTo(403);
    HttpResponse<String> own = postFrom(url, "http://127.0.0.1:" + server.port());
    assertThat(own.body()).isEqualTo("o\n");
  }

  @Test
  @DisplayName("xhr-streaming and eventsource: open and welcome on one held response, a sync answered on it")
  void streamingTransports() throws Exception {
    assertThat(streamSync(base("/v1/sockjs", newSessionId()), "/xhr_streaming", "POST", "s1"))
        .contains("welcome").contains("sync.page");
    assertThat(streamSync(base("/v1/sockjs", newSessionId()), "/eventsource", "GET", "s2"))
        .contains("data: o").contains("welcome").contains("sync.page");
  }

  @Test
  @DisplayName("websocket transport: welcome, a sync answered; a second connection of the device closes it 4409")
  void webSocketTransport() throws Exception {
    String url = base("/v1/sockjs", newSessionId()).replace("http:", "ws:") + "/websocket" + auth(alice, "tab");
    Messages first = new Messages();
    WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(url), first).get(5, TimeUnit.SECONDS);
    assertThat(first.next()).isEqualTo("o");
    assertThat(first.next()).contains("welcome");
    socket.sendText(new JsonArray().add(sync("w1")).encode(), true);
    assertThat(first.untilContains("sync.page")).contains("w1");

    Messages second = new Messages();
    http.newWebSocketBuilder().buildAsync(URI.create(url.replace(newSessionIdOf(url), newSessionId())), second)
        .get(5, TimeUnit.SECONDS);
    assertThat(first.untilContains("c[")).isEqualTo("c[4409,\"connected elsewhere\"]");
  }

  @Test
  @DisplayName("the web app at / carries the CSP; the vendored sockjs-client is served")
  void staticFiles() throws Exception {
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base("/", "").replaceAll("/+$", "/")))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<html");
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
        assertThat(csp).contains("script-src 'self'"));
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
    HttpResponse<String> script = http.send(HttpRequest.newBuilder(URI.create(base("/assets/sockjs.min.js", "")))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.body()).contains("SockJS");
    HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create(base("/v1/friends", ""))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(api.statusCode()).as("API routes keep precedence").isEqualTo(401);
  }

  @Test
  @DisplayName("a polling client that stops polling is closed 4001 once a write queue's worth waits, told on its next poll")
  void slowConsumerClosed(Vertx vertx) throws Exception {
    String session = openedSession(alice);
    WsClient sender = server.device(vertx, bob, "phone");
    String text = Texts.ascii(20_000);
    for (int i = 0; i < 5; i++) {
      sender.ack(Frames.textTo(alice, i + text));
    }
    String closing = "";
    for (int i = 0; i < 5 && !closing.startsWith("c"); i++) {
      closing = post(session + "/xhr" + auth(alice, "web"), "").body();
    }
    assertThat(closing).isEqualTo("c[4001,\"too slow to read\"]\n");

    // positive control: a client that keeps polling gets the same messages without being closed
    String reader = openedSession(alice);
    for (int i = 0; i < 5; i++) {
      sender.ack(Frames.textTo(alice, "again " + i + text));
      assertThat(pollUntil(reader, alice, "message").getJsonObject("message").getString("text"))
          .startsWith("again " + i);
    }
  }

  @Test
  @DisplayName("a poll is held past http.requestTimeoutSeconds until a frame comes for it")
  void heldPollOutlastsRequestDeadline(Vertx vertx) throws Exception {
    String session = openedSession(alice);
    WsClient sender = server.device(vertx, bob, "phone");
    var poll = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create(session + "/xhr"
        + auth(alice, "web"))).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    Thread.sleep(2500);
    assertThat(poll).as("still held after 2.5 s, over the 1 s request deadline").isNotDone();
    sender.ack(Frames.textTo(alice, "late"));
    String body = poll.get(10, TimeUnit.SECONDS).body();
    assertThat(body).startsWith("a").contains("late");
  }

  @Test
  @DisplayName("frames over the rate get one RATE_LIMITED and are dropped; after retryAfter frames are answered again")
  void rateLimited() throws Exception {
    String session = openedSession(alice);
    JsonArray burst = new JsonArray();
    for (int i = 0; i < 60; i++) {
      burst.add(sync("b" + i));
    }
    assertThat(post(session + "/xhr_send" + auth(alice, "web"), burst.encode()).statusCode()).isEqualTo(204);
    JsonObject limited = pollUntil(session, alice, "error");
    assertThat(limited.getString("code")).isEqualTo("RATE_LIMITED");
    assertThat(limited.getLong("retryAfter")).isPositive();
    Thread.sleep(1500);
    assertThat(post(session + "/xhr_send" + auth(alice, "web"), sync("after")).statusCode()).isEqualTo(204);
    JsonObject page = pollUntil(session, alice, "sync.page", frame -> "after".equals(frame.getString("ref")));
    assertThat(page.getString("ref")).isEqualTo("after");
  }

  @Test
  @DisplayName("an origin of gateway.allowedOrigins gets its CORS answer; an unlisted one is refused")
  void listedOriginAllowed() throws Exception {
    String url = base("/v1/sockjs", newSessionId()) + "/xhr" + auth(alice, "web");
    HttpResponse<String> listed = postFrom(url, "http://app.example");
    assertThat(listed.body()).isEqualTo("o\n");
    assertThat(listed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://app.example");
    HttpResponse<String> unlisted = postFrom(url, "http://app.example.evil");
    assertThat(unlisted.statusCode()).isEqualTo(403);
  }

  private HttpResponse<String> postFrom(String url, String origin) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("Origin", origin)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A polling session of {@code user}'s device "web", past its open frame and welcome. */
  private String openedSession(TestUser user) throws Exception {
    String session = base("/v1/sockjs", newSessionId());
    assertThat(post(session + "/xhr" + auth(user, "web"), "").body()).isEqualTo("o\n");
    // the welcome, then the presence snapshot: polled until both are in, so a later poll waits for new frames
    String polled = post(session + "/xhr" + auth(user, "web"), "").body();
    assertThat(polled).contains("welcome");
    while (!polled.contains("snapshot")) {
      polled = post(session + "/xhr" + auth(user, "web"), "").body();
    }
    return session;
  }

  /** Opens a streaming session, sends a sync once the welcome is in, and returns what came until its answer. */
  private String streamSync(String session, String transport, String method, String deviceId) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(session + transport + auth(alice, deviceId)))
        .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build();
    HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
    StringBuilder seen = new StringBuilder();
    Iterator<String> lines = response.body().iterator();
    while (lines.hasNext() && !seen.toString().contains("sync.page")) {
      String line = lines.next();
      seen.append(line).append('\n');
      if (line.contains("welcome")) {
        assertThat(post(session + "/xhr_send" + auth(alice, deviceId), sync("stream")).statusCode()).isEqualTo(204);
      }
    }
    response.body().close();
    return seen.toString();
  }

  private JsonObject pollUntil(String session, TestUser user, String type) throws Exception {
    return pollUntil(session, user, type, frame -> true);
  }

  private JsonObject pollUntil(String session, TestUser user, String type, Predicate<JsonObject> match)
      throws Exception {
    for (int i = 0; i < 20; i++) {
      String body = post(session + "/xhr" + auth(user, "web"), "").body();
      if (body.startsWith("a")) {
        for (Object frame : frames(body)) {
          if (type.equals(((JsonObject) frame).getString("type")) && match.test((JsonObject) frame)) {
            return (JsonObject) frame;
          }
        }
      }
    }
    throw new AssertionError("no " + type + " frame");
  }

  /** The protocol frames of one SockJS {@code a[...]} frame. */
  private static JsonArray frames(String body) {
    JsonArray messages = new JsonArray(body.trim().substring(1));
    JsonArray frames = new JsonArray();
    messages.forEach(message -> frames.add(new JsonObject((String) message)));
    return frames;
  }

  private static String sync(String ref) {
    return new JsonObject().put("type", "sync").put("ref", ref).encode();
  }

  private HttpResponse<String> post(String url, String body) throws Exception {
    String sent = body.isEmpty() ? body : body.startsWith("[") ? body : new JsonArray().add(body).encode();
    // a fresh connection each time, as vertx-web closes a poll's after answering it
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(sent)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private String base(String path, String sessionId) {
    String root = "http://127.0.0.1:" + server.port() + path;
    return sessionId.isEmpty() ? root : root + "/" + ThreadLocalRandom.current().nextInt(1000) + "/" + sessionId;
  }

  private static String auth(TestUser user, String deviceId) {
    return "?token=" + user.token() + "&deviceId=" + deviceId;
  }

  private static String newSessionId() {
    return "s" + Long.toHexString(ThreadLocalRandom.current().nextLong());
  }

  private static String newSessionIdOf(String url) {
    String[] parts = url.split("\\?")[0].split("/");
    return parts[parts.length - 2];
  }

  /** The text messages of a WebSocket, in order. */
  static final class Messages implements WebSocket.Listener {
    private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        received.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    String next() throws InterruptedException {
      String message = received.poll(10, TimeUnit.SECONDS);
      assertThat(message).as("a message within 10 s").isNotNull();
      return message;
    }

    String untilContains(String part) throws InterruptedException {
      String message = next();
      while (!message.contains(part)) {
        message = next();
      }
      return message;
    }
  }
}
