package io.parley.storage;

import io.parley.bus.BusReplies;
import io.parley.bus.Consumers;
import io.parley.model.ChatMessage;
import io.parley.model.ConversationId;
import io.parley.model.Ids;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

import static io.parley.bus.Addresses.STORAGE_CONVERSATION_LIST;

/**
 * A user's conversation list: the store's lines, newest activity first, each with what a client shows beside it
 * (unread count, read positions, a group's name). Every line's extras are read side by side.
 */
final class ConversationList {
  /** Unread messages are counted among at most this many of the newest after the read cursor. */
  static final int UNREAD_COUNTED = 100;

  private final MessageStore messages;
  private final SocialStore social;

  ConversationList(MessageStore messages, SocialStore social) {
    this.messages = messages;
    this.social = social;
  }

  void register(Consumers consumers) {
    consumers.on(STORAGE_CONVERSATION_LIST, this::handleList);
  }

  /** {userId, before?, limit} to {conversations, hasMore}. */
  private void handleList(Message<JsonObject> request) {
    JsonObject body = request.body();
    String userId = body.getString("userId");
    String before = body.getString("before");
    int limit = body.getInteger("limit");
    Future<JsonObject> page = messages.conversations(userId, before == null ? null : Ids.parseHex(before), limit + 1)
        .compose(lines -> {
          List<Future<JsonObject>> shown = lines.stream().limit(limit).map(line -> line(userId, line)).toList();
          return Future.all(shown).map(all -> new JsonObject()
              .put("conversations", new JsonArray(shown.stream().map(Future::result).toList()))
              .put("hasMore", lines.size() > limit));
        });
    BusReplies.reply(request, page);
  }

  private Future<JsonObject> line(String userId, ConversationActivity line) {
    ConversationId conversation = ConversationId.parse(line.conversationId());
    ChatMessage last = line.lastMessage();
    JsonObject json = new JsonObject().put("conversationId", line.conversationId())
        .put("kind", conversation.isGroup() ? "group" : "direct");
    if (conversation.isGroup()) {
      json.put("name", null);
    }
    json.put("lastMessage", last.toJson());
    Future<?> named = conversation.isGroup()
        ? social.group(conversation.groupId()).onSuccess(group -> json.put("name", group == null ? null : group.name()))
        : Future.succeededFuture();
    Future<?> read = messages.readCursors(line.conversationId()).compose(cursors -> reads(userId, last, cursors, json));
    return Future.all(named, read).map(json);
  }

  private Future<Void> reads(String userId, ChatMessage last, Map<String, Long> cursors, JsonObject json) {
    Long own = cursors.get(userId);
    JsonObject others = new JsonObject();
    cursors.forEach((user, id) -> {
      if (!user.equals(userId)) {
        others.put(user, Ids.toHex(id));
      }
    });
    json.put("readCursor", own == null ? null : Ids.toHex(own)).put("reads", others);
    if (own != null && own >= last.id()) {
      json.put("unread", 0).put("unreadMore", false);
      return Future.succeededFuture();
    }
    // the newest messages up to the listed one: a member who left sees nothing sent after they left
    return messages.history(last.conversationId(), last.id() + 1, null, UNREAD_COUNTED + 1).map(newest -> {
      List<ChatMessage> after = newest.stream().filter(message -> own == null || message.id() > own).toList();
      boolean more = after.size() > UNREAD_COUNTED;
      long unread = after.stream().skip(more ? 1 : 0).filter(message -> !message.senderId().equals(userId)).count();
      json.put("unread", unread).put("unreadMore", more);
      return null;
    });
  }
}
