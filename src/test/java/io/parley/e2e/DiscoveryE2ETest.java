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
import io.parley.storage.cassandra.CassandraServerExtension;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three clustered nodes in JVMs of their own: which node discovery names as devices connect, as a node dies and as a
 * node drains. The nodes start once; the tests run in order, as the second kills one node and the third drains one.
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Discovery names the least-loaded serving node; a drained node moves its clients there without loss")
class DiscoveryE2ETest {
  @RegisterExtension
  @Order(1)
  static final CassandraServerExtension cassandra = new CassandraServerExtension();
  @RegisterExtension
  @Order(2)
  static final RedisServerExtension redis = RedisServerExtension.shared();
  @RegisterExtension
  @Order(3)
  static final ClusterNodes cluster = new ClusterNodes(3, "parley_discovery_e2e", cassandra, redis,
      TestConfig.defaults().set("node.drainSpreadSeconds", 1));

  /** Announcements come every second and a node unheard for 3 s is gone; this leaves room for a busy machine. */
  private static final Duration SETTLE = Duration.ofSeconds(10);
  private static final Duration DRAIN = Duration.ofSeconds(20);
  private static final int MESSAGES = 30;

  private static ServerProcess a;
  private static ServerProcess b;
  private static ServerProcess c;

  @BeforeAll
  static void nameNodes() {
    a = cluster.node(0);
    b = cluster.node(1);
    c = cluster.node(2);
  }

  @Test
  @Order(1)
  @DisplayName("every node names the one with the fewest connected devices, and another once that one fills up")
  void namesLeastLoaded(Vertx vertx) {
    TestUser user = new ApiClient(vertx, a.port()).newUser("loaded");
    List<WsClient> devices = new ArrayList<>();
    try {
      devices.addAll(connect(vertx, user, a, 2));
      devices.addAll(connect(vertx, user, b, 1));
      awaitNamed(vertx, user, List.of(a, b, c), c);
      assertAlwaysNamed(vertx, user, List.of(a, b, c), Set.of(address(c)));

      devices.addAll(connect(vertx, user, c, 2));
      awaitNamed(vertx, user, List.of(a, b, c), b);
      assertAlwaysNamed(vertx, user, List.of(a, b, c), Set.of(address(b)));
    } finally {
      devices.forEach(WsClient::close);
    }
  }

  @Test
  @Order(2)
  @DisplayName("kill -9: the dead node, named while it was least loaded, is never named once the cluster reports it "
      + "gone")
  void deadNodeNeverNamed(Vertx vertx) throws Exception {
    TestUser user = new ApiClient(vertx, a.port()).newUser("survivor");
    List<WsClient> devices = new ArrayList<>();
    try {
      devices.addAll(connect(vertx, user, a, 1));
      devices.addAll(connect(vertx, user, c, 1));
      awaitNamed(vertx, user, List.of(a, b, c), b);

      b.kill();

      awaitNotNamed(vertx, user, List.of(a, c), b);
      assertAlwaysNamed(vertx, user, List.of(a, c), Set.of(address(a), address(c)));
    } finally {
      devices.forEach(WsClient::close);
    }
  }

  @Test
  @Order(3)
  @DisplayName("SIGTERM: the least-loaded node drains; its client gets a reconnect hint and 4002, discovery names the "
      + "other node, every acked message is stored once, and the client syncs there without loss")
  void drainMovesClients(Vertx vertx) throws Exception {
    ApiClient api = new ApiClient(vertx, a.port());
    TestUser alice = api.newUser("alice");
    TestUser bob = api.newUser("bob");
    try (WsClient bobPhone = WsClient.open(vertx, a.port(), bob, "phone");
         WsClient bobLaptop = WsClient.open(vertx, a.port(), bob, "laptop")) {
      WsClient alicePhone = WsClient.open(vertx, c.port(), alice, "phone");
      awaitNamed(vertx, alice, List.of(a, c), c);

      Map<String, CompletableFuture<JsonObject>> answers = new LinkedHashMap<>();
      for (int i = 0; i < MESSAGES; i++) {
        String clientMessageId = Names.clientMessageId();
        answers.put(clientMessageId, alicePhone.requestAsync(Frames.textTo(bob, "drain " + i, clientMessageId)));
      }
      c.terminate();

      JsonObject hint = alicePhone.next("reconnect");
      assertThat(hint.getLong("afterMs")).as("reconnect delay hint").isBetween(0L, 999L);
      assertThat(alicePhone.awaitClose(DRAIN)).as("close code").isEqualTo((short) 4002);
      // the drain was announced before the first client was moved
      assertAlwaysNamed(vertx, alice, List.of(a), Set.of(address(a)));
      String lateId = bobPhone.ack(Frames.textTo(alice, "while you moved")).getString("messageId");

      Set<String> acked = new HashSet<>();
      answers.forEach((clientMessageId, answer) -> {
        JsonObject frame = answer.getNow(null);
        if (frame != null && "ack".equals(frame.getString("type"))) {
          acked.add(clientMessageId);
        }
      });
      assertThat(c.awaitExit(DRAIN)).as("drained node exited").isTrue();

      int port = portOf(discover(vertx, alice, a));
      try (WsClient moved = WsClient.open(vertx, port, alice, "phone")) {
        List<JsonObject> inbox = sync(moved);
        assertThat(texts(inbox, alice)).as("every acked message of alice is in her inbox")
            .containsAll(acked.stream().map(id -> textOf(answers, id)).toList());
        assertThat(inbox.stream().map(entry -> entry.getJsonObject("message").getString("messageId")))
            .contains(lateId);
        answers.keySet().stream().filter(id -> !acked.contains(id))
            .forEach(id -> moved.ack(Frames.textTo(bob, textOf(answers, id), id)));
      }
      List<JsonObject> bobInbox = sync(bobLaptop);
      assertThat(texts(bobInbox, alice)).as("bob's inbox: every message once, in alice's order")
          .containsExactlyElementsOf(answers.keySet().stream().map(id -> textOf(answers, id)).toList());
      assertNoGap(bobInbox);
    }
  }

  private static List<WsClient> connect(Vertx vertx, TestUser user, ServerProcess node, int count) {
    List<WsClient> devices = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      devices.add(WsClient.open(vertx, node.port(), user, Names.unique("d")));
    }
    return devices;
  }

  private static String address(ServerProcess node) {
    return "127.0.0.1:" + node.port();
  }

  private static int portOf(String address) {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  private static String discover(Vertx vertx, TestUser user, ServerProcess askAt) {
    return new ApiClient(vertx, askAt.port()).get("/v1/discovery", user.token()).expect(200).getString("address");
  }

  private static void awaitNamed(Vertx vertx, TestUser user, List<ServerProcess> askAt, ServerProcess expected) {
    awaitDiscovery(vertx, user, askAt, address(expected)::equals, "only " + address(expected));
  }

  private static void awaitNotNamed(Vertx vertx, TestUser user, List<ServerProcess> askAt, ServerProcess gone) {
    awaitDiscovery(vertx, user, askAt, named -> !named.equals(address(gone)), "anything but " + address(gone));
  }

  /**
   * Asks every node of {@code askAt} until each answer passes {@code expected} ten rounds in a row: a node's view of
   * the others' load is up to one announcement old, and ties are broken at random, so one answer proves little.
   */
  private static void awaitDiscovery(Vertx vertx, TestUser user, List<ServerProcess> askAt,
      Predicate<String> expected, String awaited) {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    int rounds = 0;
    List<String> last = List.of();
    while (rounds < 10) {
      last = askAt.stream().map(node -> discover(vertx, user, node)).toList();
      rounds = last.stream().allMatch(expected) ? rounds + 1 : 0;
      if (System.nanoTime() > deadline) {
        throw new AssertionError("discovery named " + last + " after " + SETTLE + ", awaited " + awaited
            + "; logs:\n" + logs());
      }
      pause(100);
    }
  }

  /** Asks each node twenty times over two seconds: every answer is one of {@code allowed}. */
  private static void assertAlwaysNamed(Vertx vertx, TestUser user, List<ServerProcess> askAt, Set<String> allowed) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      for (ServerProcess node : askAt) {
        seen.add(discover(vertx, user, node));
      }
      pause(100);
    }
    assertThat(seen).as("addresses discovery named; logs:\n%s", logs()).isSubsetOf(allowed).isNotEmpty();
  }

  private static String logs() {
    StringBuilder all = new StringBuilder();
    cluster.all().forEach(node -> all.append("--- node ").append(node.port()).append('\n').append(node.output()));
    return all.toString();
  }

  private static List<JsonObject> sync(WsClient device) {
    JsonArray entries = device.request(Frames.sync(0, 500)).getJsonArray("entries");
    return entries.stream().map(entry -> (JsonObject) entry).toList();
  }

  private static List<String> texts(List<JsonObject> inbox, TestUser sender) {
    return inbox.stream().map(entry -> entry.getJsonObject("message"))
        .filter(message -> message.getString("from").equals(sender.userId()))
        .map(message -> message.getString("text")).toList();
  }

  private static String textOf(Map<String, CompletableFuture<JsonObject>> answers, String clientMessageId) {
    return "drain " + new ArrayList<>(answers.keySet()).indexOf(clientMessageId);
  }

  private static void assertNoGap(List<JsonObject> inbox) {
    for (int i = 0; i < inbox.size(); i++) {
      assertThat(inbox.get(i).getLong("seq")).as("inbox sequence at %d", i).isEqualTo(i + 1L);
    }
  }

  private static void pause(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
