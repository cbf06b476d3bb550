package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.ClusterNodes;
import io.parley.e2e.support.Frames;
import io.parley.e2e.support.Names;
import io.parley.e2e.support.TestConfig;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.WsClient;
import io.parley.presence.redis.RedisServerExtension;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes in JVMs of their own, clustered over Hazelcast on loopback under a cluster name of this run's own, on the
 * run's Cassandra and Redis: what a client of one node sees of a user on the other.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Two clustered nodes: accounts, tokens, 1:1 and group conversations span both")
class ClusterE2ETest {
  @RegisterExtension
  @Order(1)
  static final CassandraServerExtension cassandra = new CassandraServerExtension();
  @RegisterExtension
  @Order(2)
  static final RedisServerExtension redis = RedisServerExtension.shared();
  @RegisterExtension
  @Order(3)
  static final ClusterNodes cluster = new ClusterNodes(2, "parley_cluster_e2e", cassandra, redis,
      TestConfig.defaults());

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

  /** The texts of the group messages in the device's inbox, in inbox order. */
  private static List<String> groupTexts(WsClient device) {
    JsonArray entries = device.request(Frames.sync(0, 500)).getJsonArray("entries");
    return entries.stream().map(entry -> ((JsonObject) entry).getJsonObject("message"))
        .filter(message -> message.getString("conversationId").startsWith("group:"))
        .map(message -> message.getString("text")).toList();
  }
}
