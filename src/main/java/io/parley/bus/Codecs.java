package io.parley.bus;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.function.Function;

/** Registers the codec of every bus record; run once per Vert.x instance before any verticle is deployed. */
public final class Codecs {
  private Codecs() {
  }

  public static void registerAll(EventBus eventBus) {
    register(eventBus, SendRequest.class, SendRequest::toJson, SendRequest::fromJson);
    register(eventBus, SendAck.class, SendAck::toJson, SendAck::fromJson);
    register(eventBus, AppendRequest.class, AppendRequest::toJson, AppendRequest::fromJson);
    register(eventBus, AppendResult.class, AppendResult::toJson, AppendResult::fromJson);
    register(eventBus, InboxQuery.class, InboxQuery::toJson, InboxQuery::fromJson);
    register(eventBus, InboxPage.class, InboxPage::toJson, InboxPage::fromJson);
    register(eventBus, UserEvent.class, UserEvent::toJson, UserEvent::fromJson);
    register(eventBus, SessionSignal.class, SessionSignal::toJson, SessionSignal::fromJson);
  }

  private static <T> void register(
      EventBus eventBus, Class<T> type, Function<T, JsonObject> toJson, Function<JsonObject, T> fromJson) {
    eventBus.registerDefaultCodec(type, new RecordCodec<>(type, toJson, fromJson));
  }
}
