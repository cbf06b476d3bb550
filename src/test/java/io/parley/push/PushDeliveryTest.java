package io.parley.push;

import io.parley.ChatNode;
import io.parley.bus.Addresses;
import io.parley.bus.SendAck;
import io.parley.bus.SendRequest;
import io.parley.config.ChatConfig;
import io.parley.e2e.support.PushOutbox;
import io.parley.metrics.NodeMetrics;
import io.parley.model.Ids;
import io.parley.push.apns.ApnsServer;
import io.parley.push.fcm.FcmServer;
import io.parley.push.webpush.P256;
import io.parley.push.webpush.WebPushServer;
import io.parley.push.webpush.WebPushServer.Answer;
import io.parley.push.webpush.WebPushServer.Browser;
import io.parley.push.webpush.WebPushSubscription;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox delivered for real: routing, storage, presence and push deployed (no gateway), Web Push pointed at a
 * local push service ({@link WebPushServer}) that decrypts and verifies each request. "Exactly one" is checked once
 * the durable outbox is empty: nothing is left that could be sent again.
 */
@ExtendWith(VertxExtension.class)
class PushDeliveryTest {
  private static final long WAIT_MILLIS = 15_000;

  /** The node's own Vert.x, new on each start: codecs are registered once per instance. */
  private Vertx vertx;
  private Path dataDir;
  private ChatNode node;
  private WebPushServer service;
  private PushOutbox outbox;
  private String sender;
  private String bob;

  @BeforeEach
  void start(Vertx testVertx, @TempDir Path dataDir) throws Exception {
    this.dataDir = dataDir;
    service = await(new WebPushServer(testVertx).start());
    startNode(Map.of());
    service.expectKey(publicKey());
    sender = createUser("sender");
    bob = createUser("bob");
  }

  @AfterEach
  void stop() throws Exception {
    stopNode();
    await(service.close());
  }

  private void stopNode() throws Exception {
    if (node != null) {
      await(node.stop());
      await(vertx.close());
      node = null;
    }
  }

  private void startNode(Map<String, Object> push) throws Exception {
    vertx = Vertx.vertx();
    node = await(ChatNode.start(vertx, config(push), Clock.systemUTC(), NodeMetrics.disabled()));
    outbox = new PushOutbox(vertx.eventBus());
  }

  private ChatConfig config(Map<String, Object> push) throws Exception {
    JsonObject config = new JsonObject(Files.readString(Path.of("conf/config.json")));
    config.getJsonObject("node").put("verticles", new JsonArray().add("routing").add("storage").add("presence")
        .add("push"));
    config.getJsonObject("storage").put("dataDir", dataDir.toString());
    JsonObject pushConfig = config.getJsonObject("push").put("collapseMillis", 1000).put("retryBaseMillis", 100)
        .put("retryMaxMillis", 400);
    pushConfig.put("webPushAllowHttpEndpoints", true);
    push.forEach(pushConfig::put);
    return ChatConfig.from(config);
  }

  @Test
  @DisplayName("each device of an offline user gets one push per conversation burst, and the outbox empties")
  void onePushPerBurst() throws Exception {
    Browser laptop = register(bob, "laptop");
    Browser desktop = register(bob, "desktop");
    SendAck first = send(sender, bob, "c1", "one");
    send(sender, bob, "c2", "two");
    SendAck last = send(sender, bob, "c3", "three");

    awaitDelivered(last, 2);
    assertThat(service.problems()).isEmpty();
    for (Browser browser : List.of(laptop, desktop)) {
      assertThat(service.received(browser.id())).singleElement().satisfies(push -> {
        assertThat(push.payload().getString("messageId")).isEqualTo(Ids.toHex(last.message().id()));
        assertThat(push.payload().getString("preview")).isEqualTo("three");
        assertThat(push.payload().getInteger("messages")).isEqualTo(3);
        assertThat(push.payload().getString("conversationId")).isEqualTo(first.message().conversationId());
      });
    }

    // a later message is a new burst: the single push above was not all the sender could ever send
    awaitDelivered(send(sender, bob, "c4", "four"), 2);
    assertThat(service.received(laptop.id())).hasSize(2);
    assertThat(service.received(laptop.id()).get(1).payload().getInteger("messages")).isEqualTo(1);
    assertThat(service.received(desktop.id())).hasSize(2);
  }

  @Test
  @DisplayName("429 and 503 are retried, Retry-After honoured, and the push delivered once")
  void retriedThenDelivered() throws Exception {
    Browser laptop = register(bob, "laptop");
    service.answer(new Answer(429, Map.of("Retry-After", "1")), Answer.of(503));
    awaitDelivered(send(sender, bob, "c1", "hello"), 1);
    assertThat(service.received(laptop.id())).hasSize(1);
    List<Long> arrivals = service.arrivals();
    assertThat(arrivals).hasSize(3);
    assertThat(arrivals.get(1) - arrivals.get(0)).isGreaterThanOrEqualTo(1000);
  }

  @Test
  @DisplayName("an answer that never completes is cut at push.requestTimeoutMillis and retried: delivered once")
  void endlessAnswerRetried() throws Exception {
    stopNode();
    startNode(Map.of("requestTimeoutMillis", 500));
    Browser laptop = register(bob, "laptop");
    service.answer(Answer.trickle());
    awaitDelivered(send(sender, bob, "c1", "hello"), 1);
    List<Long> arrivals = service.arrivals();
    assertThat(arrivals).hasSize(2);
    assertThat(arrivals.get(1) - arrivals.get(0)).isGreaterThanOrEqualTo(500);
    assertThat(service.received(laptop.id())).hasSize(1);
  }

  @Test
  @DisplayName("410 removes the device registration and its notifications; the user's other device still gets its push")
  void goneRemovesDevice() throws Exception {
    register(bob, "laptop");
    Browser desktop = register(bob, "desktop");
    service.answer(Answer.of(410));
    awaitDelivered(send(sender, bob, "c1", "hello"), 2);
    until(() -> devices(bob).size() == 1, "the gone device removed");
    assertThat(devices(bob)).containsExactly("desktop");
    assertThat(service.received()).singleElement().satisfies(push -> assertThat(push.subscriptionId())
        .isEqualTo(desktop.id()));
  }

  @Test
  @DisplayName("a push sent but unanswered when the node stopped is sent once after the restart")
  void restartSendsOnce() throws Exception {
    Browser laptop = register(bob, "laptop");
    service.answer(Answer.never());
    SendAck sent = send(sender, bob, "c1", "hello");
    until(() -> service.arrivals().size() == 1, "the first request");
    stopNode();
    assertThat(service.received()).isEmpty();

    startNode(Map.of());
    assertThat(outbox.pending(bob)).hasSize(1);
    until(() -> outbox.pending(bob).isEmpty(), "the outbox emptied");
    assertThat(service.received(laptop.id())).singleElement().satisfies(push -> assertThat(push.payload()
        .getString("messageId")).isEqualTo(Ids.toHex(sent.message().id())));
  }

  @Test
  @DisplayName("a full outbox drops its oldest; a notification past its maximum age is given up")
  void capAndMaxAge() throws Exception {
    stopNode();
    startNode(Map.of("maxQueued", 2, "maxAgeSeconds", 3));
    putDevice(bob, "phone", "apns", "apns-token");
    long oldest = send(sender, bob, "c1", "one").message().id();
    send(sender, bob, "c2", "two");
    long newest = send(sender, bob, "c3", "three").message().id();

    until(() -> !PushOutbox.of(newest, outbox.pending(bob)).isEmpty() && outbox.pending(bob).size() == 2,
        "the outbox at its cap");
    assertThat(PushOutbox.of(oldest, outbox.pending(bob))).isEmpty();
    until(() -> outbox.pending(bob).isEmpty(), "the notifications given up at their maximum age");
  }

  @Test
  @DisplayName("an FCM device gets its push with a token from the service account; UNREGISTERED removes the device")
  void fcmDelivery(Vertx testVertx) throws Exception {
    FcmServer fcm = await(new FcmServer(testVertx).start());
    try {
      stopNode();
      startNode(Map.of("fcmEnabled", true, "fcmEndpoint", fcm.origin(),
          "fcmServiceAccountFile", fcm.writeServiceAccount(dataDir).toString()));
      putDevice(bob, "phone", "fcm", "fcm-token-1");
      putDevice(bob, "tablet", "fcm", "fcm-token-2");
      fcm.answer(FcmServer.Answer.of(200), FcmServer.Answer.error(404, "NOT_FOUND", "Requested entity was not found.",
          "UNREGISTERED"));
      awaitDelivered(send(sender, bob, "c1", "hello"), 2);

      until(() -> devices(bob).size() == 1, "the unregistered device removed");
      assertThat(fcm.problems()).isEmpty();
      assertThat(fcm.tokenRequests()).isEqualTo(1);
      assertThat(fcm.received()).singleElement().satisfies(message -> assertThat(message.getJsonObject("data")
          .getString("preview")).isEqualTo("hello"));
      assertThat(devices(bob)).containsExactly(fcm.received().get(0).getString("token").equals("fcm-token-1")
          ? "phone" : "tablet");
    } finally {
      await(fcm.close());
    }
  }

  @Test
  @DisplayName("an APNs device gets its push over HTTP/2 with a provider token; Unregistered removes the device")
  void apnsDelivery(Vertx testVertx) throws Exception {
    KeyPair key = P256.generate();
    ApnsServer apns = await(new ApnsServer(testVertx, key).start());
    try {
      stopNode();
      startNode(Map.of("apnsEnabled", true, "apnsEndpoint", apns.origin(), "apnsCaFile", apns.caFile(),
          "apnsKeyFile", ApnsServer.writeKey(key, dataDir).toString(), "apnsKeyId", ApnsServer.KEY_ID,
          "apnsTeamId", ApnsServer.TEAM_ID, "apnsTopic", ApnsServer.TOPIC));
      putDevice(bob, "phone", "apns", "aa11");
      putDevice(bob, "tablet", "apns", "bb22");
      apns.answer(ApnsServer.Answer.of(200, ""), ApnsServer.Answer.of(410, "Unregistered"));
      awaitDelivered(send(sender, bob, "c1", "hello"), 2);

      until(() -> devices(bob).size() == 1, "the unregistered device removed");
      assertThat(apns.problems()).isEmpty();
      assertThat(apns.received()).singleElement().satisfies(push -> assertThat(push.body().getJsonObject("aps")
          .getJsonObject("alert").getString("body")).isEqualTo("hello"));
      assertThat(devices(bob)).containsExactly(apns.received().get(0).deviceToken().equals("aa11")
          ? "phone" : "tablet");
    } finally {
      await(apns.close());
    }
  }

  /** Once the message's notifications are recorded (for {@code devices}), until the outbox is empty again. */
  private void awaitDelivered(SendAck last, int devices) {
    outbox.awaitDue(bob, last.message().id(), devices);
    until(() -> outbox.pending(bob).isEmpty(), "the outbox emptied");
  }

  private Browser register(String userId, String deviceId) throws Exception {
    Browser browser = service.subscribe(deviceId);
    putDevice(userId, deviceId, "webpush", WebPushSubscription.fromBrowser(browser.subscription(), true).toToken());
    return browser;
  }

  private void putDevice(String userId, String deviceId, String platform, String token) throws Exception {
    request(Addresses.STORAGE_DEVICE_PUT, new JsonObject().put("userId", userId).put("deviceId", deviceId)
        .put("platform", platform).put("pushToken", token));
  }

  private List<String> devices(String userId) {
    try {
      JsonArray devices = request(Addresses.STORAGE_DEVICE_LIST, new JsonObject().put("userId", userId));
      return devices.stream().map(JsonObject.class::cast).map(d -> d.getString("deviceId")).toList();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private String publicKey() throws Exception {
    JsonObject key = request(Addresses.PUSH_WEBPUSH_KEY, new JsonObject());
    return key.getString("publicKey");
  }

  private String createUser(String name) throws Exception {
    JsonObject user = request(Addresses.STORAGE_USER_CREATE, new JsonObject().put("username", name)
        .put("displayName", name).put("passwordHash", "unused"));
    return user.getString("id");
  }

  private SendAck send(String from, String to, String clientMessageId, String text) throws Exception {
    return request(Addresses.ROUTING_SEND, new SendRequest(from, "phone", clientMessageId, to, null, text));
  }

  private <T> T request(String address, Object body) throws Exception {
    return await(vertx.eventBus().<T>request(address, body).map(Message::body));
  }

  private static void until(BooleanSupplier condition, String what) {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("waited " + WAIT_MILLIS + " ms for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
