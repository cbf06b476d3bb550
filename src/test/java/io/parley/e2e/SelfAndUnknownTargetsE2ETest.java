package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Frames;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Sending to oneself, and removing a friend who does not exist")
class SelfAndUnknownTargetsE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.shared();

  @Injected private ApiClient api;
  @Injected private TestUser alice;
  @Injected private TestUser bob;

  @Test
  @DisplayName("a send to oneself is INVALID and stores nothing; the same send to another user is stored")
  void sendToSelf(Vertx vertx) {
    WsClient phone = server.device(vertx, alice, "phone");
    JsonObject error = phone.expectError(Frames.textTo(alice, "note to self"), "INVALID");
    assertThat(error.getString("message")).contains("yourself");

    String acked = phone.ack(Frames.textTo(bob, "to bob")).getString("messageId");
    JsonArray inbox = phone.request(Frames.sync(0, 100)).getJsonArray("entries");
    assertThat(inbox).hasSize(1);
    assertThat(inbox.getJsonObject(0).getJsonObject("message").getString("messageId")).isEqualTo(acked);
  }

  @Test
  @DisplayName("DELETE /v1/friends of a user who does not exist is 404; of a user who is no friend, 204")
  void removeUnknownFriend() {
    api.delete("/v1/friends/0000000000000000", alice.token()).expectError(404, "NOT_FOUND");
    api.delete("/v1/friends/" + bob.userId(), alice.token()).expect(204);
  }
}
