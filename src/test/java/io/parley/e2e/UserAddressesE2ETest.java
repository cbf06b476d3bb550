package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Frames;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.Scrape;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With several gateway instances, the node consumes a user's address once however its devices spread over them
 * (new connections go to the instances in turn), and each device still gets every message.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A user's address is consumed once per node, whichever gateway instances hold the user's devices")
class UserAddressesE2ETest {
  private static final String GAUGE = "parley_bus_user_addresses";
  private static final int INSTANCES = 4;

  @RegisterExtension
  static final TestServer server = TestServer.withConfig(config -> config
      .set("http.instances", INSTANCES)
      .set("metrics.enabled", true));

  @Injected private Vertx vertx;
  @Injected private ApiClient api;
  @Injected private TestUser alice;
  @Injected private TestUser bob;

  @Test
  @DisplayName("six devices of one user over four instances: one address consumed, every device gets the message; "
      + "the address goes with the last device")
  void oneConsumerPerUserPerNode() throws InterruptedException {
    double before = gauge();
    double handlersBefore = handlers();
    List<WsClient> alices = IntStream.range(0, 6).mapToObj(i -> server.device(vertx, alice, "device-" + i)).toList();
    WsClient bobPhone = server.device(vertx, bob, "phone");
    assertThat(gauge() - before).as("alice's and bob's addresses").isEqualTo(2);
    assertThat(handlers() - handlersBefore).as("event-bus consumers the node added, as Vert.x counts them")
        .isEqualTo(2);

    String first = bobPhone.ack(Frames.textTo(alice, "to all of them")).getString("messageId");
    alices.forEach(device -> assertThat(device.nextMessage(first).getJsonObject("message").getString("text"))
        .isEqualTo("to all of them"));

    alices.subList(0, 5).forEach(WsClient::close);
    assertThat(gauge() - before).as("alice's last device holds her address").isEqualTo(2);
    String second = bobPhone.ack(Frames.textTo(alice, "to the last one")).getString("messageId");
    assertThat(alices.get(5).nextMessage(second).getJsonObject("message").getString("text"))
        .isEqualTo("to the last one");

    alices.get(5).close();
    bobPhone.close();
    awaitGauge(before);
  }

  private void awaitGauge(double expected) throws InterruptedException {
    long deadline = System.nanoTime() + WsClient.TIMEOUT.toNanos();
    while (gauge() != expected && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(gauge()).as("no address consumed once the devices left").isEqualTo(expected);
  }

  private double handlers() {
    return Scrape.of(server.metricsApi(vertx).get("/metrics", null)).value("vertx_eventbus_handlers");
  }

  private double gauge() {
    return Scrape.of(server.metricsApi(vertx).get("/metrics", null)).value(GAUGE);
  }
}
