package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Conversations;
import io.parley.e2e.support.Frames;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.Names;
import io.parley.e2e.support.TestServer;
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

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole node on the shared backends a cluster runs on, Cassandra storage and Redis presence, seen only through
 * the public protocol. The store and presence tests check each backend alone; this checks the node wires them in.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A node on Cassandra storage and Redis presence: accounts, messages, sync, history, groups, presence")
class SharedBackendsE2ETest {
  /** A keyspace of its own: the store tests truncate theirs. */
  private static final String KEYSPACE = "parley_e2e";

  // @Order, not declaration order, is what makes JUnit start the backends before the node that reads their addresses
  @RegisterExtension
  @Order(1)
  static final CassandraServerExtension cassandra = new CassandraServerExtension();
  @RegisterExtension
  @Order(2)
  static final RedisServerExtension redis = RedisServerExtension.shared();
  @RegisterExtension
  @Order(3)
  static final TestServer server = TestServer.withConfigAtStart(() -> config -> config
      .set("storage.type", "cassandra")
      .set("storage.cassandra.contactPoints", new JsonArray().add(cassandra.contactPoint()))
      .set("storage.cassandra.localDatacenter", cassandra.datacenter())
      .set("storage.cassandra.keyspace", KEYSPACE)
      .set("presence.type", "redis")
      .set("presence.redisUrl", redis.url()));

  @Injected private Vertx vertx;
  @Injected private ApiClient api;
  @Injected private TestUser alice;
  @Injected private TestUser bob;
  @Injected private TestUser carol;

  @Test
  @DisplayName("a signed-up account logs in, its token opens a device, and a wrong password is refused")
  void signUpAndLogIn() {
    String username = Names.unique("dave");
    String userId = api.signUp(username, "correct horse battery").expect(201).getString("userId");
    TestUser dave = api.logIn(username, "correct horse battery");
    assertThat(dave.userId()).isEqualTo(userId);
    assertThat(server.device(vertx, dave, "phone").welcome().getString("userId")).isEqualTo(userId);
    api.tryLogIn(username, "wrong horse battery").expectError(401, "UNAUTHORIZED");
  }

  @Test
  @DisplayName("a 1:1 send is acked, delivered live to the peer, and then in sync and history")
  void directMessage() {
    WsClient alicePhone = server.device(vertx, alice, "phone");
    WsClient bobPhone = server.device(vertx, bob, "phone");

    JsonObject ack = alicePhone.ack(Frames.textTo(bob, "hello over cassandra"));
    String messageId = ack.getString("messageId");
    assertThat(ack.getString("conversationId")).isEqualTo(Conversations.direct(alice, bob));
    assertThat(ack.getLong("seq")).isEqualTo(1L);
    JsonObject live = bobPhone.nextMessage(messageId);
    assertThat(live.getLong("seq")).isEqualTo(1L);
    assertThat(live.getJsonObject("message").getString("text")).isEqualTo("hello over cassandra");

    JsonObject page = server.device(vertx, bob, "laptop").request(Frames.sync(0, 10));
    assertThat(page.getString("type")).isEqualTo("sync.page");
    assertThat(page.getValue("caughtUp")).isEqualTo(true);
    JsonArray entries = page.getJsonArray("entries");
    assertThat(entries).hasSize(1);
    assertThat(entries.getJsonObject(0).getLong("seq")).isEqualTo(1L);
    assertThat(entries.getJsonObject(0).getJsonObject("message").getString("messageId")).isEqualTo(messageId);

    JsonArray history = api.history(bob, Conversations.direct(alice, bob), "").expect(200).getJsonArray("messages");
    assertThat(history).hasSize(1);
    assertThat(history.getJsonObject(0).getString("messageId")).isEqualTo(messageId);
    assertThat(history.getJsonObject(0).getString("text")).isEqualTo("hello over cassandra");
  }

  @Test
  @DisplayName("a group send reaches every member's device and the group's history")
  void groupMessage() {
    String groupId = api.createGroup(alice, bob, carol).getString("groupId");
    List<WsClient> devices = List.of(server.device(vertx, alice, "phone"), server.device(vertx, bob, "phone"),
        server.device(vertx, carol, "phone"));

    JsonObject ack = devices.get(0).ack(Frames.textToGroup(groupId, "hi all"));
    assertThat(ack.getString("conversationId")).isEqualTo(Conversations.group(groupId));
    for (WsClient device : devices) {
      assertThat(device.nextMessage(ack.getString("messageId")).getJsonObject("message").getString("text"))
          .isEqualTo("hi all");
    }
    JsonArray history = api.history(carol, Conversations.group(groupId), "").expect(200).getJsonArray("messages");
    assertThat(history).extracting(m -> ((JsonObject) m).getString("kind") + " " + ((JsonObject) m).getString("text"))
        .as("ascending: the system message of the group's creation, then the message")
        .containsExactly("system null", "null hi all");
  }

  @Test
  @DisplayName("a friend coming online is pushed to an online friend and listed online in GET /v1/friends")
  void presence() {
    api.befriend(alice, bob);
    WsClient aliceWatching = server.device(vertx, alice, "phone");
    assertThat(friend(alice, bob).getValue("online")).as("before bob connects").isEqualTo(false);

    server.device(vertx, bob, "phone");
    aliceWatching.next("presence", frame -> frame.getJsonArray("users").stream().map(JsonObject.class::cast)
        .anyMatch(entry -> bob.userId().equals(entry.getString("userId")) && entry.getBoolean("online")));
    assertThat(friend(alice, bob).getValue("online")).as("after bob connects").isEqualTo(true);
  }

  private JsonObject friend(TestUser user, TestUser friend) {
    return api.friendsOf(user).stream().map(JsonObject.class::cast)
        .filter(f -> friend.userId().equals(f.getString("userId"))).findFirst()
        .orElseThrow(() -> new AssertionError(friend.username() + " not among " + user.username() + "'s friends"));
  }
}
