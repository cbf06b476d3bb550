package io.parley.storage;

import io.parley.bus.AppendRequest;
import io.parley.bus.AppendResult;
import io.parley.bus.BusReplies;
import io.parley.bus.ChatException;
import io.parley.bus.Consumers;
import io.parley.bus.Failure;
import io.parley.bus.InboxPage;
import io.parley.bus.InboxQuery;
import io.parley.model.ChatMessage;
import io.parley.model.ConversationId;
import io.parley.model.Ids;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

import static io.parley.bus.Addresses.STORAGE_APPEND;
import static io.parley.bus.Addresses.STORAGE_HISTORY;
import static io.parley.bus.Addresses.STORAGE_INBOX;
import static io.parley.bus.Addresses.STORAGE_READ_GET;
import static io.parley.bus.Addresses.STORAGE_READ_MARK;
import static io.parley.bus.Addresses.STORAGE_RECIPIENTS;

/**
 * Bus handlers for messages, inboxes, history and read cursors. The store answers in storage types; these handlers
 * turn them into the bus records, so the store API does not change when a bus record does.
 */
final class MessageHandlers {
  private final MessageStore messages;
  private final ConversationMembers members;

  MessageHandlers(MessageStore messages, ConversationMembers members) {
    this.messages = messages;
    this.members = members;
  }

  void register(Consumers consumers) {
    consumers.on(STORAGE_APPEND, this::handleAppend)
        .on(STORAGE_RECIPIENTS, this::handleRecipients)
        .on(STORAGE_INBOX, this::handleInbox)
        .on(STORAGE_HISTORY, this::handleHistory)
        .on(STORAGE_READ_MARK, this::handleReadMark)
        .on(STORAGE_READ_GET, this::handleReadGet);
  }

  private void handleAppend(Message<AppendRequest> request) {
    AppendRequest append = request.body();
    BusReplies.reply(request, messages.append(append.message(), append.recipients()), MessageHandlers::toBus);
  }

  private static AppendResult toBus(Appended appended) {
    return new AppendResult(appended.message(), appended.seqs(), appended.duplicate());
  }

  /**
   * {userId, conversationId, send?} to {conversationId, members}: who a message or event in it goes to. With
   * {@code send} true the caller is about to send there, which a block refuses.
   */
  private void handleRecipients(Message<JsonObject> request) {
    String userId = request.body().getString("userId");
    ConversationId conversation = ConversationId.parse(request.body().getString("conversationId"));
    Future<JsonObject> result = conversation == null
        ? Future.failedFuture(new ChatException(Failure.INVALID, "bad conversation id"))
        : (request.body().getBoolean("send", false) ? members.toSend(userId, conversation)
            : members.of(userId, conversation)).map(ids -> new JsonObject()
            .put("conversationId", conversation.value()).put("members", new JsonArray(ids)));
    BusReplies.reply(request, result);
  }

  private void handleInbox(Message<InboxQuery> request) {
    InboxQuery query = request.body();
    BusReplies.reply(request, messages.inbox(query.userId(), query.afterSeq(), query.limit()), MessageHandlers::toBus);
  }

  private static InboxPage toBus(InboxEntries inbox) {
    List<InboxPage.Entry> entries = inbox.entries().stream()
        .map(entry -> new InboxPage.Entry(entry.seq(), entry.message())).toList();
    return new InboxPage(entries, inbox.lastSeq());
  }

  /**
   * {userId, conversationId, before?, after?, around?, limit} to {messages, hasMore}, or with {@code around} to
   * {messages, hasMoreBefore, hasMoreAfter}; members only.
   */
  private void handleHistory(Message<JsonObject> request) {
    JsonObject body = request.body();
    ConversationId conversation = ConversationId.parse(body.getString("conversationId"));
    int limit = body.getInteger("limit");
    Long before = optionalId(body, "before");
    Long after = optionalId(body, "after");
    Long around = optionalId(body, "around");
    Future<JsonObject> result = members.of(body.getString("userId"), conversation)
        .compose(ignored -> around != null ? around(conversation.value(), around, limit)
            : messages.history(conversation.value(), before, after, limit + 1)
                .map(page -> historyPage(page, limit, after != null)));
    BusReplies.reply(request, result);
  }

  /**
   * The message {@code id} with up to {@code (limit - 1) / 2} older ones before it and the rest of {@code limit}
   * newer ones after it; NOT_FOUND when the conversation has no message {@code id}.
   */
  private Future<JsonObject> around(String conversationId, long id, int limit) {
    int older = (limit - 1) / 2;
    int newer = limit - 1 - older;
    Future<List<ChatMessage>> upTo = messages.history(conversationId, id + 1, null, older + 2);
    Future<List<ChatMessage>> past = messages.history(conversationId, null, id, newer + 1);
    return Future.all(upTo, past).compose(both -> {
      List<ChatMessage> head = upTo.result();
      if (head.isEmpty() || head.get(head.size() - 1).id() != id) {
        return Future.failedFuture(new ChatException(Failure.NOT_FOUND, "no such message in this conversation"));
      }
      List<ChatMessage> tail = past.result();
      JsonArray array = new JsonArray();
      head.subList(Math.max(0, head.size() - older - 1), head.size()).forEach(message -> array.add(message.toJson()));
      tail.subList(0, Math.min(newer, tail.size())).forEach(message -> array.add(message.toJson()));
      return Future.succeededFuture(new JsonObject().put("messages", array)
          .put("hasMoreBefore", head.size() > older + 1).put("hasMoreAfter", tail.size() > newer));
    });
  }

  private static JsonObject historyPage(List<ChatMessage> page, int limit, boolean forward) {
    boolean hasMore = page.size() > limit;
    List<ChatMessage> shown = !hasMore ? page : forward ? page.subList(0, limit) : page.subList(1, page.size());
    JsonArray array = new JsonArray();
    shown.forEach(message -> array.add(message.toJson()));
    return new JsonObject().put("messages", array).put("hasMore", hasMore);
  }

  /** {conversationId, userId, messageId}: membership is checked by the caller. */
  private void handleReadMark(Message<JsonObject> request) {
    JsonObject body = request.body();
    Future<Long> cursor = messages.markRead(
        body.getString("conversationId"), body.getString("userId"), Ids.parseHex(body.getString("messageId")));
    BusReplies.reply(request, cursor, id -> new JsonObject().put("messageId", Ids.toHex(id)));
  }

  /** {userId, conversationId} to {reads: {userId: messageId}}, members only. */
  private void handleReadGet(Message<JsonObject> request) {
    ConversationId conversation = ConversationId.parse(request.body().getString("conversationId"));
    Future<JsonObject> result = members.of(request.body().getString("userId"), conversation)
        .compose(ignored -> messages.readCursors(conversation.value()))
        .map(cursors -> {
          JsonObject reads = new JsonObject();
          cursors.forEach((user, id) -> reads.put(user, Ids.toHex(id)));
          return new JsonObject().put("reads", reads);
        });
    BusReplies.reply(request, result);
  }

  private static Long optionalId(JsonObject body, String key) {
    String value = body.getString(key);
    return value == null ? null : Ids.parseHex(value);
  }
}
