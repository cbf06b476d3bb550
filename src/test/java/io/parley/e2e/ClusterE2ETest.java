package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.ClusterNodes;
import io.parley.e2e.support.Frames;
import io.parley.e2e.support.Names;
import io.parley.e2e.support.ServerProcess;
import io.parley.e2e.support.TestConfig;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.WsClient;
import io.parley.presence.redis.RedisServerExtension;
import io.parley.push.webpush.WebPushServer;
import io.parley.push.webpush.WebPushServer.Browser;
import io.parley.storage.cassandra.CassandraServerExtension;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes in JVMs of their own, clustered over Hazelcast on loopback under a cluster name of this run's own, on the
 * run's Cassandra and Redis: what a client of one node sees of a user on the other. The nodes find users through a
 * clustered consumer per user ({@code cluster.userAddresses: consumers}); Discovery, Failover, SharedBackends and the
 * JavaScript client's tests run clusters on the default, the cluster user directory.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Two clustered nodes: accounts, tokens, sessions, devices, 1:1 and group conversations span both")
class ClusterE2ETest {
  /** How long a node may still honour a session another node revoked. */
  private static final int SESSION_CHECK_SECONDS = 2;
  /** The wait after auth.loginFreeFailures (5) failed logins: long, so no check below outlasts it. */
  private static final int LOGIN_DELAY_SECONDS = 60;

  @RegisterExtension
  @Order(1)
  static final CassandraServerExtension cassandra = new CassandraServerExtension();
  @RegisterExtension
  @Order(2)
  static final RedisServerExtension redis = RedisServerExtension.ownServer();
  @RegisterExtension
  @Order(3)
  static final ClusterNodes cluster = new ClusterNodes(2, "parley_cluster_e2e", cassandra, redis,
      TestConfig.defaults()
          // the other cluster tests run the default, the cluster user directory
          .set("cluster.userAddresses", "consumers")
          .set("push.webPushAllowHttpEndpoints", true)
          .set("push.collapseMillis", 200)
          .set("auth.sessionCheckSeconds", SESSION_CHECK_SECONDS)
          .set("auth.loginFirstDelaySeconds", LOGIN_DELAY_SECONDS));

  private static final int MESSAGES_EACH = 40;

  /** Three new users and a group of the three, made through the first node. */
  private record Trio(TestUser alice, TestUser bob, TestUser carol, String groupId) {
    static Trio signUp(ApiClient api) {
      TestUser alice = api.newUser("alice");
      TestUser bob = api.newUser("bob");
      TestUser carol = api.newUser("carol");
      return new Trio(alice, bob, carol, api.createGroup(alice, bob, carol).getString("groupId"));
    }
  }


  @Test
  @DisplayName("signed up on one node, logged in on the other; 1:1 messages cross between them live, both ways")
  void directMessagesCrossNodes(Vertx vertx) {
    ApiClient onFirst = new ApiClient(vertx, cluster.node(0).port());
    ApiClient onSecond = new ApiClient(vertx, cluster.node(1).port());
    String aliceName = Names.unique("alice");
    onFirst.signUp(aliceName, "correct horse battery").expect(201);
    TestUser alice = onSecond.logIn(aliceName, "correct horse battery");
    TestUser bob = onSecond.newUser("bob");

    try (WsClient alicePhone = WsClient.open(vertx, cluster.node(0).port(), alice, "phone");
         WsClient bobPhone = WsClient.open(vertx, cluster.node(1).port(), bob, "phone")) {
      String toBob = alicePhone.ack(Frames.textTo(bob, "from the first node")).getString("messageId");
      JsonObject atBob = bobPhone.nextMessage(toBob);
      assertThat(atBob.getJsonObject("message").getString("text")).isEqualTo("from the first node");
      String toAlice = bobPhone.ack(Frames.textTo(alice, "from the second node")).getString("messageId");
      assertThat(alicePhone.nextMessage(toAlice).getJsonObject("message").getString("text"))
          .isEqualTo("from the second node");
    }
  }

  @Test
  @DisplayName("a group message reaches every member's devices, one member's devices spread over both nodes")
  void groupMessageReachesDevicesOnBothNodes(Vertx vertx) {
    Trio trio = Trio.signUp(new ApiClient(vertx, cluster.node(0).port()));
    TestUser alice = trio.alice();
    TestUser bob = trio.bob();
    TestUser carol = trio.carol();
    String groupId = trio.groupId();

    try (WsClient alicePhone = WsClient.open(vertx, cluster.node(0).port(), alice, "phone");
         WsClient bobPhone = WsClient.open(vertx, cluster.node(1).port(), bob, "phone");
         WsClient carolPhone = WsClient.open(vertx, cluster.node(0).port(), carol, "phone");
         WsClient carolLaptop = WsClient.open(vertx, cluster.node(1).port(), carol, "laptop")) {
      String sent = alicePhone.ack(Frames.textToGroup(groupId, "to all of you")).getString("messageId");
      for (WsClient device : List.of(bobPhone, carolPhone, carolLaptop)) {
        assertThat(device.nextMessage(sent).getJsonObject("message").getString("text")).isEqualTo("to all of you");
      }
    }
  }

  @Test
  @DisplayName("senders on both nodes writing into one group at once: every member's inbox lists the group's "
      + "messages in one order, which is each sender's own order")
  void oneOrderPerConversationAcrossNodes(Vertx vertx) throws Exception {
    Trio trio = Trio.signUp(new ApiClient(vertx, cluster.node(0).port()));
    TestUser alice = trio.alice();
    TestUser bob = trio.bob();
    TestUser carol = trio.carol();
    String groupId = trio.groupId();

    try (WsClient alicePhone = WsClient.open(vertx, cluster.node(0).port(), alice, "phone");
         WsClient bobPhone = WsClient.open(vertx, cluster.node(1).port(), bob, "phone");
         WsClient carolPhone = WsClient.open(vertx, cluster.node(1).port(), carol, "phone")) {
      List<CompletableFuture<JsonObject>> acks = new ArrayList<>();
      for (int i = 0; i < MESSAGES_EACH; i++) {
        acks.add(alicePhone.requestAsync(Frames.textToGroup(groupId, "alice " + i)));
        acks.add(bobPhone.requestAsync(Frames.textToGroup(groupId, "bob " + i)));
      }
      for (CompletableFuture<JsonObject> ack : acks) {
        assertThat(ack.get(30, TimeUnit.SECONDS).getString("type")).isEqualTo("ack");
      }

      List<String> seenByCarol = groupTexts(carolPhone);
      assertThat(seenByCarol).hasSize(2 * MESSAGES_EACH);
      assertThat(groupTexts(alicePhone)).isEqualTo(seenByCarol);
      assertThat(groupTexts(bobPhone)).isEqualTo(seenByCarol);
      for (String sender : List.of("alice", "bob")) {
        assertThat(seenByCarol.stream().filter(text -> text.startsWith(sender + " ")).toList())
            .containsExactlyElementsOf(IntStream.range(0, MESSAGES_EACH).mapToObj(i -> sender + " " + i).toList());
      }
    }
  }

  @Test
  @DisplayName("no push while the recipient has a device connected to the other node; once it left, exactly one")
  void pushOnlyWhileOfflineOnEveryNode(Vertx vertx) throws Exception {
    WebPushServer service = new WebPushServer(vertx).start().await(10, TimeUnit.SECONDS);
    try {
      ApiClient onFirst = new ApiClient(vertx, cluster.node(0).port());
      TestUser alice = onFirst.newUser("alice");
      TestUser bob = onFirst.newUser("bob");
      service.expectKey(onFirst.get("/v1/push/webpush", bob.token()).expect(200).getString("publicKey"));
      Browser laptop = service.subscribe("laptop");
      onFirst.put("/v1/devices/laptop", bob.token(), laptop.subscription().put("platform", "webpush")).expect(204);

      try (WsClient alicePhone = WsClient.open(vertx, cluster.node(0).port(), alice, "phone")) {
        try (WsClient bobPhone = WsClient.open(vertx, cluster.node(1).port(), bob, "phone")) {
          String live = alicePhone.ack(Frames.textTo(bob, "you are on the other node")).getString("messageId");
          bobPhone.nextMessage(live);
        }
        String offline = alicePhone.ack(Frames.textTo(bob, "now you are not")).getString("messageId");
        WebPushE2ETest.until(() -> service.received(laptop.id()).size() == 1);
        Thread.sleep(500);
        assertThat(service.received(laptop.id())).extracting(push -> push.payload().getString("messageId"))
            .containsExactly(offline);
        assertThat(service.problems()).isEmpty();
      }
    } finally {
      service.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("a logout on one node closes the session's socket on the other (4401), and the other refuses its "
      + "token within auth.sessionCheckSeconds; another session of the user is untouched")
  void logoutReachesTheOtherNode(Vertx vertx) throws InterruptedException {
    ApiClient onFirst = new ApiClient(vertx, cluster.node(0).port());
    ApiClient onSecond = new ApiClient(vertx, cluster.node(1).port());
    TestUser alice = onFirst.newUser("alice");
    TestUser laptop = onFirst.logIn(alice.username(), alice.password());

    try (WsClient phoneOnSecond = WsClient.open(vertx, cluster.node(1).port(), alice, "phone");
         WsClient laptopOnSecond = WsClient.open(vertx, cluster.node(1).port(), laptop, "laptop")) {
      onSecond.get("/v1/me", alice.token()).expect(200);

      onFirst.delete("/v1/sessions/current", alice.token()).expect(204);

      onFirst.get("/v1/me", alice.token()).expectError(401, "UNAUTHORIZED");
      assertThat(phoneOnSecond.awaitClose(WsClient.TIMEOUT)).isEqualTo((short) 4401);
      long deadline = System.currentTimeMillis() + (SESSION_CHECK_SECONDS + 2) * 1000L;
      while (onSecond.get("/v1/me", alice.token()).status() == 200) {
        assertThat(System.currentTimeMillis()).as("the second node still honours the revoked session")
            .isLessThan(deadline);
        Thread.sleep(100);
      }
      onSecond.get("/v1/me", alice.token()).expectError(401, "UNAUTHORIZED");
      onSecond.get("/v1/me", laptop.token()).expect(200);
      assertThat(laptopOnSecond.isClosed()).isFalse();
    }
  }

  @Test
  @DisplayName("Redis stopped and restarted while messages flow between the nodes: every message acked and "
      + "delivered once, in order; afterwards a friend coming online is shown again")
  void redisRestartUnderLoad(Vertx vertx) throws Exception {
    ApiClient api = new ApiClient(vertx, cluster.node(0).port());
    TestUser alice = api.newUser("alice");
    TestUser bob = api.newUser("bob");
    TestUser dave = api.newUser("dave");
    api.befriend(alice, dave);
    try (WsClient alicePhone = WsClient.open(vertx, cluster.node(0).port(), alice, "phone");
         WsClient bobPhone = WsClient.open(vertx, cluster.node(1).port(), bob, "phone")) {
      alicePhone.startHeartbeats(1000);
      bobPhone.startHeartbeats(1000);
      List<CompletableFuture<JsonObject>> acks = new ArrayList<>();
      List<String> texts = IntStream.range(0, 60).mapToObj(i -> "under load " + i).toList();
      for (int i = 0; i < texts.size(); i++) {
        if (i == 20) {
          redis.stop();
        } else if (i == 40) {
          redis.start();
        }
        acks.add(alicePhone.requestAsync(Frames.textTo(bob, texts.get(i))));
        Thread.sleep(50);
      }
      for (CompletableFuture<JsonObject> ack : acks) {
        assertThat(ack.get(30, TimeUnit.SECONDS).getString("type")).isEqualTo("ack");
      }
      JsonArray entries = bobPhone.request(Frames.sync(0, 500)).getJsonArray("entries");
      assertThat(entries.stream().map(entry -> ((JsonObject) entry).getJsonObject("message").getString("text")))
          .containsExactlyElementsOf(texts);

      try (WsClient davePhone = WsClient.open(vertx, cluster.node(1).port(), dave, "phone")) {
        alicePhone.next("presence", frame -> frame.getJsonArray("users").stream().map(JsonObject.class::cast)
            .anyMatch(entry -> dave.userId().equals(entry.getString("userId")) && entry.getBoolean("online")));
      }
    }
  }

  @Test
  @DisplayName("a device id that connects on the other node replaces its connection on the first (4409)")
  void deviceReplacedAcrossNodes(Vertx vertx) {
    TestUser alice = new ApiClient(vertx, cluster.node(0).port()).newUser("alice");
    try (WsClient older = WsClient.open(vertx, cluster.node(0).port(), alice, "phone");
         WsClient laptop = WsClient.open(vertx, cluster.node(0).port(), alice, "laptop");
         WsClient newer = WsClient.open(vertx, cluster.node(1).port(), alice, "phone")) {
      assertThat(older.awaitClose(WsClient.TIMEOUT)).isEqualTo((short) 4409);
      assertThat(newer.isClosed()).isFalse();
      assertThat(laptop.isClosed()).isFalse();
    }
  }

  @Test
  @DisplayName("failed logins on one node hold the address back on the other too; the owner, from another address, "
      + "still logs in there")
  void loginThrottleSharedAcrossNodes(Vertx vertx) throws InterruptedException {
    String owner = Names.unique("owner");
    new ApiClient(vertx, cluster.node(0).port()).signUp(owner, "correct horse battery").expect(201);
    ApiClient guesserOnFirst = ApiClient.from(vertx, cluster.node(0).port(), "127.0.0.41");
    ApiClient guesserOnSecond = ApiClient.from(vertx, cluster.node(1).port(), "127.0.0.41");
    guesserOnSecond.tryLogIn(owner, "correct horse battery").expect(200);
    for (int i = 0; i < 5; i++) {
      guesserOnFirst.tryLogIn(owner, "wrong " + i).expectError(401, "UNAUTHORIZED");
    }
    guesserOnFirst.tryLogIn(owner, "correct horse battery").expectError(429, "RATE_LIMITED");
    // the first node's outcomes reach the second within the bus's delay, milliseconds on loopback
    TimeUnit.SECONDS.sleep(1);
    guesserOnSecond.tryLogIn(owner, "correct horse battery").expectError(429, "RATE_LIMITED");
    ApiClient.from(vertx, cluster.node(1).port(), "127.0.0.42").tryLogIn(owner, "correct horse battery").expect(200);
  }

  @Test
  @DisplayName("a node started with a member's node.id refuses to join, naming the key; with an id of its own it joins")
  void duplicateNodeIdRefused(Vertx vertx) throws InterruptedException {
    try (ServerProcess twin = cluster.newMember(1)) {
      assertThat(twin.runToExit()).as("exit status; output:\n%s", twin.output()).isEqualTo(1);
      assertThat(twin.output()).contains("node.id 1 is already the id of the node at");
    }
    try (ServerProcess third = cluster.newMember(3).start()) {
      TestUser carol = new ApiClient(vertx, third.port()).newUser("carol");
      TestUser dave = new ApiClient(vertx, cluster.node(0).port()).newUser("dave");
      try (WsClient carolPhone = WsClient.open(vertx, third.port(), carol, "phone");
           WsClient davePhone = WsClient.open(vertx, cluster.node(0).port(), dave, "phone")) {
        String messageId = carolPhone.ack(Frames.textTo(dave, "from the third node")).getString("messageId");
        assertThat(davePhone.nextMessage(messageId).getJsonObject("message").getString("text"))
            .isEqualTo("from the third node");
      }
      // drained rather than killed, so its conversations move back at once for the tests after this one
      third.terminate();
      assertThat(third.awaitExit(Duration.ofSeconds(60))).isTrue();
    }
  }

  /** The texts of the group messages in the device's inbox, in inbox order. */
  private static List<String> groupTexts(WsClient device) {
    JsonArray entries = device.request(Frames.sync(0, 500)).getJsonArray("entries");
    return entries.stream().map(entry -> ((JsonObject) entry).getJsonObject("message"))
        .filter(message -> message.getString("conversationId").startsWith("group:") && !message.containsKey("kind"))
        .map(message -> message.getString("text")).toList();
  }
}
