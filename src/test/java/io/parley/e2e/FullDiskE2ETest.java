package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Conversations;
import io.parley.e2e.support.Frames;
import io.parley.e2e.support.Names;
import io.parley.e2e.support.SmallDisk;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node's store on a 32 MB tmpfs, filled by a ballast file: a full disk for real. Sends are refused with the
 * retryable UNAVAILABLE while it lasts and health is 503; once the ballast is gone the store recovers by itself.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A full disk: sends are UNAVAILABLE, then the store recovers by itself and nothing acked is lost")
class FullDiskE2ETest {
  @RegisterExtension
  @Order(1)
  static final SmallDisk disk = new SmallDisk("32m");

  @RegisterExtension
  @Order(2)
  static final TestServer server = TestServer.withConfig(c -> c.set("storage.dataDir", disk.path().toString())
      .set("storage.resumeFreeMb", 8));

  private static final Duration RECOVERY = Duration.ofSeconds(30);
  /** Sends that may still fit in the file system's last pages before a write fails. */
  private static final int MAX_SENDS_UNTIL_FULL = 500;

  @Test
  @DisplayName("refused while full, acked again once space is freed; resends and earlier messages all readable")
  void fullDiskAndRecovery(Vertx vertx) throws Exception {
    ApiClient api = server.api(vertx);
    TestUser alice = api.newUser("alice");
    TestUser bob = api.newUser("bob");
    WsClient phone = server.device(vertx, alice, "phone");
    List<String> acked = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      acked.add(phone.ack(Frames.textTo(bob, "before " + i)).getString("messageId"));
    }
    assertThat(api.get("/health", null).status()).isEqualTo(200);

    Path ballast = disk.path().resolve("ballast");
    assertThat(disk.fill(ballast)).isPositive();
    JsonObject refused = sendUntilRefused(phone, bob, acked);
    assertThat(refused.getString("code")).as("refusal %s", refused).isEqualTo("UNAVAILABLE");
    assertThat(phone.request(Frames.textTo(bob, "still full")).getString("code")).isEqualTo("UNAVAILABLE");
    JsonObject down = api.get("/health", null).expect(503);
    assertThat(down.getJsonObject("checks").getJsonObject("storage").getString("status")).isEqualTo("DOWN");
    // the store waits for 8 MB free before it reopens, and then stays down however long the disk is full
    api.awaitHealth(health -> health.healthReason("storage").contains("MB free, waiting for 8 MB"), RECOVERY);
    assertThat(phone.request(Frames.textTo(bob, "still full")).getString("code")).isEqualTo("UNAVAILABLE");
    assertThat(api.get("/health", null).status()).isEqualTo(503);

    Files.delete(ballast);
    api.awaitHealth(health -> health.status() == 200, RECOVERY);
    JsonObject resent = phone.ack(Frames.textTo(bob, "resent", refused.getString("clientMessageId")));
    assertThat(resent.getBoolean("duplicate")).isFalse();
    acked.add(resent.getString("messageId"));
    acked.add(phone.ack(Frames.textTo(bob, "after")).getString("messageId"));

    JsonObject history = api.history(alice, Conversations.direct(alice, bob), "limit=200").expect(200);
    List<String> stored = history.getJsonArray("messages").stream()
        .map(message -> ((JsonObject) message).getString("messageId")).toList();
    assertThat(stored).containsExactlyElementsOf(acked);
  }

  /** Sends until one is refused; those acked before the store noticed the disk was full join {@code acked}. */
  private static JsonObject sendUntilRefused(WsClient phone, TestUser bob, List<String> acked) {
    for (int i = 0; i < MAX_SENDS_UNTIL_FULL; i++) {
      JsonObject answer = phone.request(Frames.textTo(bob, "while full " + i, Names.clientMessageId()));
      if (!"ack".equals(answer.getString("type"))) {
        return answer;
      }
      acked.add(answer.getString("messageId"));
    }
    throw new AssertionError(MAX_SENDS_UNTIL_FULL + " sends acked on a full disk");
  }
}
