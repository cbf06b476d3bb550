package io.parley.gateway;

import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.parley.protocol.Fields;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.stream.Stream;

import static io.parley.bus.Addresses.ROUTING_READ;
import static io.parley.bus.Addresses.STORAGE_CONVERSATION_LIST;
import static io.parley.bus.Addresses.STORAGE_HISTORY;
import static io.parley.bus.Addresses.STORAGE_READ_GET;

/** Conversation history and read state. */
final class ConversationRoutes {
  private static final int DEFAULT_PAGE = 50;
  private static final int MAX_PAGE = 200;
  private static final int DEFAULT_LIST_PAGE = 50;
  private static final int MAX_LIST_PAGE = 100;

  private final BusForward bus;

  ConversationRoutes(BusForward bus) {
    this.bus = bus;
  }

  void mount(Router router) {
    router.get("/v1/conversations").handler(this::handleList);
    router.get("/v1/conversations/:conversationId/messages").handler(this::handleHistory);
    router.put("/v1/conversations/:conversationId/read").handler(this::handleMarkRead);
    router.get("/v1/conversations/:conversationId/read").handler(this::handleGetRead);
  }

  private void handleHistory(RoutingContext ctx) {
    BusForward.guarded(ctx, () -> {
      JsonObject query = conversationRequest(ctx)
          .put("before", optionalMessageId(ctx, "before"))
          .put("after", optionalMessageId(ctx, "after"))
          .put("around", optionalMessageId(ctx, "around"))
          .put("limit", limit(ctx, DEFAULT_PAGE, MAX_PAGE));
      long anchors = Stream.of("before", "after", "around").filter(name -> query.getValue(name) != null).count();
      if (anchors > 1) {
        throw Fields.invalid("give at most one of before, after and around");
      }
      BusForward.respond(ctx, bus.<JsonObject>request(STORAGE_HISTORY, query), 200, page -> page);
    });
  }

  private void handleList(RoutingContext ctx) {
    BusForward.guarded(ctx, () -> {
      JsonObject query = new JsonObject().put("userId", HttpJson.userId(ctx))
          .put("before", optionalMessageId(ctx, "before"))
          .put("limit", limit(ctx, DEFAULT_LIST_PAGE, MAX_LIST_PAGE));
      BusForward.respond(ctx, bus.<JsonObject>request(STORAGE_CONVERSATION_LIST, query), 200, page -> page);
    });
  }

  private void handleMarkRead(RoutingContext ctx) {
    BusForward.guarded(ctx, () -> {
      String messageId = Fields.id(HttpJson.body(ctx), "messageId");
      JsonObject read = conversationRequest(ctx).put("messageId", messageId);
      BusForward.respond(ctx, bus.<JsonObject>request(ROUTING_READ, read), 200, cursor -> cursor);
    });
  }

  private void handleGetRead(RoutingContext ctx) {
    BusForward.guarded(ctx, () ->
        BusForward.respond(ctx, bus.<JsonObject>request(STORAGE_READ_GET, conversationRequest(ctx)), 200, r -> r));
  }

  private static JsonObject conversationRequest(RoutingContext ctx) {
    String conversationId = Fields.conversationId(ctx.pathParam("conversationId"), "conversation id");
    return new JsonObject().put("userId", HttpJson.userId(ctx)).put("conversationId", conversationId);
  }

  private static String optionalMessageId(RoutingContext ctx, String name) {
    String value = ctx.request().getParam(name);
    return value == null ? null : Fields.id(value, name);
  }

  private static int limit(RoutingContext ctx, int defaultLimit, int maxLimit) {
    String value = ctx.request().getParam("limit");
    if (value == null) {
      return defaultLimit;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= maxLimit) {
        return limit;
      }
    } catch (NumberFormatException ignored) {
      // answered below like any other out-of-range value
    }
    throw new ChatException(Failure.INVALID, "limit must be 1 to " + maxLimit);
  }
}
