package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Conversations;
import io.parley.e2e.support.Frames;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Typing indicators: delivered to the other members, never stored")
class TypingE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.shared();

  @Injected private Vertx vertx;
  @Injected private ApiClient api;
  @Injected private TestUser alice;
  @Injected private TestUser bob;

  @Test
  @DisplayName("typing in a direct conversation reaches every device of the other user, and is in neither history nor inbox")
  void directTyping() {
    String direct = Conversations.direct(alice, bob);
    WsClient alicePhone = server.device(vertx, alice, "phone");
    List<WsClient> bobDevices = List.of(server.device(vertx, bob, "phone"), server.device(vertx, bob, "tablet"));

    alicePhone.send(Frames.typing(direct));
    for (WsClient device : bobDevices) {
      JsonObject typing = device.next("typing");
      assertThat(typing.getString("conversationId")).isEqualTo(direct);
      assertThat(typing.getString("userId")).isEqualTo(alice.userId());
    }
    alicePhone.expectNone(WsClient.ofType("error"), Duration.ofMillis(200));

    assertThat(api.history(bob, direct, "").expect(200).getJsonArray("messages")).isEmpty();
    JsonObject bobInbox = bobDevices.get(0).request(Frames.sync(0, 100));
    assertThat(bobInbox.getJsonArray("entries")).isEmpty();
    assertThat(bobInbox.getLong("lastSeq")).isZero();
    assertThat(alicePhone.request(Frames.sync(0, 100)).getJsonArray("entries")).isEmpty();
  }

  @Test
  @DisplayName("typing in a group reaches the other members")
  void groupTyping() {
    TestUser carol = api.newUser("carol");
    String group = Conversations.group(api.createGroup(alice, bob, carol).getString("groupId"));
    WsClient alicePhone = server.device(vertx, alice, "phone");
    List<WsClient> others = List.of(server.device(vertx, bob, "phone"), server.device(vertx, carol, "phone"));
    alicePhone.send(Frames.typing(group));
    for (WsClient device : others) {
      assertThat(device.next("typing").getString("userId")).isEqualTo(alice.userId());
    }
  }

  @Test
  @DisplayName("typing in a conversation one is not in is NOT_MEMBER and reaches nobody")
  void notMember() {
    TestUser eve = api.newUser("eve");
    WsClient bobPhone = server.device(vertx, bob, "phone");
    server.device(vertx, eve, "phone").expectError(Frames.typing(Conversations.direct(alice, bob)), "NOT_MEMBER");
    bobPhone.expectNone(WsClient.ofType("typing"), Duration.ofMillis(300));
  }
}
