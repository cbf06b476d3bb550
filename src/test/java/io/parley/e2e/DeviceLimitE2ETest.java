package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@ExtendWith(VertxExtension.class)
@DisplayName("WebSocket: at most gateway.maxDevicesPerUser devices per account, across the node")
class DeviceLimitE2ETest {
  private static final int MAX_DEVICES = 3;

  @RegisterExtension
  static final TestServer server = TestServer.withConfig(config -> config
      .set("gateway.maxDevicesPerUser", MAX_DEVICES)
      .set("http.instances", 2));

  @Test
  @DisplayName("N devices connect, the N+1th is refused with 409 TOO_MANY_DEVICES while a connected one may reconnect, "
      + "and once one closes a new one gets in")
  void capPerAccount(Vertx vertx) {
    ApiClient api = server.api(vertx);
    TestUser alice = api.newUser("alice");
    TestUser bob = api.newUser("bob");
    List<WsClient> devices = IntStream.range(0, MAX_DEVICES)
        .mapToObj(i -> server.device(vertx, alice, "d" + i)).toList();

    expectTooMany(vertx, alice, "one-more");
    WsClient d0Again = server.device(vertx, alice, "d0");
    assertThat(d0Again.welcome().getString("deviceId")).as("a device connecting again is never refused")
        .isEqualTo("d0");
    assertThat(devices.get(0).awaitClose(WsClient.TIMEOUT)).as("it replaces its older connection").isEqualTo((short) 4409);
    expectTooMany(vertx, alice, "still-one-more");
    assertThat(server.device(vertx, bob, "phone").welcome().getString("userId"))
        .as("another account is not affected").isEqualTo(bob.userId());

    devices.get(1).close();
    assertThat(server.device(vertx, alice, "after-close").welcome().getString("deviceId")).isEqualTo("after-close");
    expectTooMany(vertx, alice, "again-one-more");
  }

  private void expectTooMany(Vertx vertx, TestUser user, String deviceId) {
    Throwable failure = catchThrowable(() -> WsClient.attempt(vertx, server.port(), "/v1/ws?deviceId=" + deviceId,
        "Bearer " + user.token()).await(10, TimeUnit.SECONDS));
    assertThat(failure).as("upgrade of device %s", deviceId).isInstanceOf(UpgradeRejectedException.class);
    UpgradeRejectedException refusal = (UpgradeRejectedException) failure;
    assertThat(refusal.getStatus()).isEqualTo(409);
    assertThat(refusal.getBody().toJsonObject().getJsonObject("error").getString("code"))
        .isEqualTo("TOO_MANY_DEVICES");
  }
}
