package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Conversations;
import io.parley.e2e.support.Frames;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.Names;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.WsClient;
import io.parley.storage.cassandra.CassandraServerExtension;
import io.parley.storage.cassandra.CuttableProxy;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node on Cassandra storage whose link to Cassandra is cut: first before the node starts, then while it runs. The
 * forked Cassandra stays up for the rest of the run; a {@link CuttableProxy} is what the node's driver connects to.
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Cassandra down at start and while running: 503 and UNAVAILABLE, nothing acked unstored, recovery by itself")
class CassandraOutageE2ETest {
  private static final String KEYSPACE = "parley_outage_e2e";
  /** A bound on recovery, not a speed target: the node retries after pauses of 1, 2, 4... s, the driver up to 10 s. */
  private static final Duration RECOVERY = Duration.ofSeconds(60);

  private static final Vertx proxyVertx = Vertx.vertx();
  private static CuttableProxy link;

  @RegisterExtension
  @Order(1)
  static final CassandraServerExtension cassandra = new CassandraServerExtension();
  @RegisterExtension
  @Order(2)
  static final TestServer server = TestServer.withConfigAtStart(() -> {
    link = startCut();
    return config -> config
        .set("storage.type", "cassandra")
        .set("storage.cassandra.contactPoints", new JsonArray().add(link.address()))
        .set("storage.cassandra.localDatacenter", cassandra.datacenter())
        .set("storage.cassandra.keyspace", KEYSPACE)
        .set("storage.cassandra.requestTimeoutMs", 2000);
  });

  @Injected private ApiClient api;

  private static CuttableProxy startCut() {
    try {
      CuttableProxy proxy = CuttableProxy.start(proxyVertx, cassandra.contactPoint());
      proxy.cut();
      return proxy;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void closeLink() throws Exception {
    link.close();
    proxyVertx.close().await();
  }

  @Test
  @Order(1)
  @DisplayName("unreachable at start: the node listens, /health is 503 naming Cassandra, requests are UNAVAILABLE; "
      + "once it answers, the node serves without a restart (the message path: the next test)")
  void downAtStart() throws Exception {
    JsonObject down = api.get("/health", null).expect(503);
    assertThat(down.getJsonObject("checks").getJsonObject("storage").getString("reason"))
        .startsWith("cassandra unreachable: ");
    assertThat(down.getJsonObject("checks").getJsonObject("verticles").getString("reason"))
        .as("the rest of the node is up").isEqualTo("not deployed: storage");
    api.signUp(Names.unique("early"), "correct horse battery").expectError(503, "UNAVAILABLE");

    link.restore();
    api.awaitHealth(health -> health.status() == 200, RECOVERY);
    api.signUp(Names.unique("late"), "correct horse battery").expect(201);
  }

  @Test
  @Order(2)
  @DisplayName("lost while running: a send is refused UNAVAILABLE and not delivered, history is 503, /health 503; "
      + "once back, the resend is stored once and the inbox has no gap")
  void downWhileRunning(Vertx vertx) throws Exception {
    api.awaitHealth(health -> health.status() == 200, RECOVERY);
    TestUser alice = api.newUser("alice");
    TestUser bob = api.newUser("bob");
    WsClient alicePhone = server.device(vertx, alice, "phone");
    WsClient bobPhone = server.device(vertx, bob, "phone");
    String before = alicePhone.ack(Frames.textTo(bob, "before")).getString("messageId");
    bobPhone.nextMessage(before);
    String conversation = Conversations.direct(alice, bob);
    api.history(alice, conversation, "limit=10").expect(200);

    link.cut();
    String clientMessageId = Names.clientMessageId();
    JsonObject refused = alicePhone.request(Frames.textTo(bob, "during", clientMessageId));
    assertThat(refused.getString("type")).as("answer %s", refused).isEqualTo("error");
    assertThat(refused.getString("code")).isEqualTo("UNAVAILABLE");
    api.history(alice, conversation, "limit=10").expectError(503, "UNAVAILABLE");
    api.awaitHealth(health -> health.status() == 503, RECOVERY);
    assertThat(api.get("/health", null).healthReason("storage")).startsWith("cassandra unreachable: ");
    bobPhone.expectNone(frame -> "message".equals(frame.getString("type")), Duration.ofMillis(500));

    link.restore();
    api.awaitHealth(health -> health.status() == 200, RECOVERY);
    JsonObject resent = alicePhone.ack(Frames.textTo(bob, "during", clientMessageId));
    String after = resent.getString("messageId");
    assertThat(bobPhone.nextMessage(after).getJsonObject("message").getString("text")).isEqualTo("during");

    JsonArray entries = bobPhone.request(Frames.sync(0, 100)).getJsonArray("entries");
    List<Long> seqs = entries.stream().map(entry -> ((JsonObject) entry).getLong("seq")).toList();
    List<String> ids = entries.stream()
        .map(entry -> ((JsonObject) entry).getJsonObject("message").getString("messageId")).toList();
    assertThat(ids).containsExactly(before, after);
    assertThat(seqs).containsExactly(1L, 2L);
  }
}
