package io.parley.routing;

import io.parley.bus.BusUserDirectory;
import io.parley.bus.AppendRequest;
import io.parley.bus.AppendResult;
import io.parley.bus.Codecs;
import io.parley.bus.Failure;
import io.parley.bus.SendAck;
import io.parley.bus.SendRequest;
import io.parley.config.DiscoveryConfig;
import io.parley.health.NodeState;
import io.parley.model.IdGenerator;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static io.parley.bus.Addresses.ROUTING_SEND;
import static io.parley.bus.Addresses.STORAGE_APPEND;
import static io.parley.bus.Addresses.STORAGE_RECIPIENTS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployed routing verticle on a real event bus, with storage stood in for by consumers that answer as the
 * store does. MessageStoreContract's {@code resendWithoutSenderEntry}: a resend whose first copy gave the sender no
 * inbox entry comes back a duplicate with no sequence for the sender, which an ack cannot carry.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class RoutingVerticleTest {
  private static final String ANN = "0000000000000001";
  private static final String BOB = "0000000000000002";

  private Vertx vertx;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    this.vertx = vertx;
    Codecs.registerAll(vertx.eventBus());
    vertx.eventBus().<JsonObject>consumer(STORAGE_RECIPIENTS, query ->
        query.reply(new JsonObject().put("members", new JsonArray().add(ANN).add(BOB))));
    vertx.deployVerticle(new RoutingVerticle(new IdGenerator(1, Clock.systemUTC()), 1000, new NodeState(),
        "127.0.0.1:8080", new DiscoveryConfig(DiscoveryConfig.LEAST_LOADED, ""),
        new BusUserDirectory(vertx.eventBus()), null))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("an append without the sender's sequence fails the send with a clear INTERNAL, not an NPE")
  void missingSenderSequence(VertxTestContext ctx) {
    storageAnswers(append -> new AppendResult(append.message(), Map.of(), true));
    vertx.eventBus().<SendAck>request(ROUTING_SEND, send()).onComplete(ctx.failing(cause -> ctx.verify(() -> {
      assertThat(cause).isInstanceOf(ReplyException.class);
      assertThat(((ReplyException) cause).failureCode()).isEqualTo(Failure.INTERNAL.code());
      assertThat(cause.getMessage()).isEqualTo("no inbox sequence for the sender " + ANN + " in the append of "
          + "clientMessageId=c1");
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("positive control: the same duplicate with the sender's sequence is acked with it")
  void senderSequencePresent(VertxTestContext ctx) {
    storageAnswers(append -> new AppendResult(append.message(), Map.of(ANN, 7L), true));
    vertx.eventBus().<SendAck>request(ROUTING_SEND, send()).onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
      assertThat(reply.body().senderSeq()).isEqualTo(7);
      assertThat(reply.body().duplicate()).isTrue();
      ctx.completeNow();
    })));
  }

  private void storageAnswers(Function<AppendRequest, AppendResult> store) {
    vertx.eventBus().<AppendRequest>consumer(STORAGE_APPEND, (Message<AppendRequest> append) ->
        append.reply(store.apply(append.body())));
  }

  private static SendRequest send() {
    return new SendRequest(ANN, "phone", "c1", BOB, null, "hello");
  }
}
