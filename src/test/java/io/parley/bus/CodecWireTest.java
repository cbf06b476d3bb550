package io.parley.bus;

import io.parley.model.ChatMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** What the cluster wire carries decodes to an equal record; local delivery passes the instance itself. */
class CodecWireTest {
  private static final ChatMessage MESSAGE = new ChatMessage(42L, "dm:0000000000000001:0000000000000002",
      "0000000000000001", "c1", "hé \uD83D\uDE00 \"quoted\"", 1_750_000_000_000L);

  @Test
  @DisplayName("every bus record survives encodeToWire and decodeFromWire at an offset")
  void wireRoundTrip() {
    roundTrip(SendRequest.class, new SendRequest("0000000000000001", "phone", "c1", null, "0000000000000003", "hi"),
        SendRequest::toJson, SendRequest::fromJson);
    roundTrip(SendAck.class, new SendAck(MESSAGE, 7, true), SendAck::toJson, SendAck::fromJson);
    roundTrip(AppendRequest.class, new AppendRequest(MESSAGE, List.of("0000000000000001", "0000000000000002")),
        AppendRequest::toJson, AppendRequest::fromJson);
    roundTrip(AppendResult.class, new AppendResult(MESSAGE, Map.of("0000000000000001", 3L), false),
        AppendResult::toJson, AppendResult::fromJson);
    roundTrip(InboxQuery.class, new InboxQuery("0000000000000001", 12, 100), InboxQuery::toJson, InboxQuery::fromJson);
    roundTrip(InboxPage.class, new InboxPage(List.of(new InboxPage.Entry(13, MESSAGE)), 20), InboxPage::toJson,
        InboxPage::fromJson);
    roundTrip(UserEvent.class, new UserEvent(5, "{\"type\":\"message\"}"), UserEvent::toJson, UserEvent::fromJson);
  }

  private static <T> void roundTrip(Class<T> type, T value, Function<T, JsonObject> toJson,
      Function<JsonObject, T> fromJson) {
    RecordCodec<T> codec = new RecordCodec<>(type, toJson, fromJson);
    Buffer wire = Buffer.buffer("prefix");
    codec.encodeToWire(wire, value);
    assertThat(codec.decodeFromWire(6, wire)).isEqualTo(value);
    assertThat(codec.transform(value)).isSameAs(value);
    assertThat(codec.name()).isEqualTo("chat." + type.getSimpleName());
  }
}
