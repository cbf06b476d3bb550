package io.parley.routing;

import io.parley.bus.AppendRequest;
import io.parley.bus.AppendResult;
import io.parley.bus.BusReplies;
import io.parley.bus.ChatException;
import io.parley.bus.Consumers;
import io.parley.bus.Failure;
import io.parley.bus.SendAck;
import io.parley.bus.SendRequest;
import io.parley.bus.UserEvent;
import io.parley.model.ChatMessage;
import io.parley.model.ConversationId;
import io.parley.model.IdGenerator;
import io.parley.model.Ids;
import io.parley.protocol.ServerFrames;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.parley.bus.Addresses.PUSH_DUE;
import static io.parley.bus.Addresses.ROUTING_PEERS;
import static io.parley.bus.Addresses.ROUTING_READ;
import static io.parley.bus.Addresses.ROUTING_SEND;
import static io.parley.bus.Addresses.ROUTING_EVENT;
import static io.parley.bus.Addresses.ROUTING_TYPING;
import static io.parley.bus.Addresses.STORAGE_APPEND;
import static io.parley.bus.Addresses.STORAGE_READ_MARK;
import static io.parley.bus.Addresses.STORAGE_RECIPIENTS;
import static io.parley.bus.Addresses.routingOwner;
import static io.parley.bus.Addresses.user;

/**
 * Chat routing: checks a message, gives it its id, has the storage writer make it durable, publishes it to every
 * recipient's user address, has push record the notifications offline recipients are due, then acks the sender. Also routes read
 * receipts and typing indicators to a conversation's members. In a cluster each conversation has one owner among
 * the live nodes' routing ({@link ConversationOwners}); a send for a conversation another node owns is passed to it,
 * so one routing instance orders each conversation.
 */
public final class RoutingVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(RoutingVerticle.class);
  private final IdGenerator ids;
  /** Peers announce themselves this often; one unheard for three announcements is taken for gone. */
  private static final long ANNOUNCE_MILLIS = 1_000;
  private static final long PEER_SILENCE_MILLIS = 3 * ANNOUNCE_MILLIS;

  private final ConversationTurns turns = new ConversationTurns();
  private final DeliveryOptions pushRecording;
  /** Null on a node that is not clustered: it owns every conversation. */
  private ConversationOwners owners;
  private EventBus bus;

  /** @param pushRecordMillis how long an ack waits for push to record the message's notifications */
  public RoutingVerticle(IdGenerator ids, int pushRecordMillis) {
    this.ids = ids;
    this.pushRecording = new DeliveryOptions().setSendTimeout(pushRecordMillis);
  }

  @Override
  public Future<?> start() {
    bus = vertx.eventBus();
    Consumers consumers = new Consumers(bus)
        .on(ROUTING_SEND, this::handleSend)
        .on(ROUTING_READ, this::handleRead)
        .on(ROUTING_TYPING, this::handleTyping)
        .on(ROUTING_EVENT, this::handleEvent);
    if (!vertx.isClustered()) {
      return consumers.ready();
    }
    owners = new ConversationOwners(UUID.randomUUID().toString(), PEER_SILENCE_MILLIS);
    return consumers
        .onClustered(routingOwner(owners.self()), this::handleOwnedSend)
        .onClustered(ROUTING_PEERS, this::handlePeer)
        .ready()
        .compose(registered -> {
          announce("up");
          vertx.setPeriodic(ANNOUNCE_MILLIS, id -> {
            owners.expire(System.currentTimeMillis());
            announce("up");
          });
          // hear the peers out before the gateway deploys, so this node's first sends go to the owners they agree on
          return vertx.timer(ANNOUNCE_MILLIS + ANNOUNCE_MILLIS / 2);
        });
  }

  /** Tells the peers at once that this node's conversations move, instead of after its silence. */
  @Override
  public Future<?> stop() {
    if (owners != null) {
      announce("leaving");
    }
    return Future.succeededFuture();
  }

  private void announce(String state) {
    bus.publish(ROUTING_PEERS, new JsonObject().put("node", owners.self()).put("state", state));
  }

  private void handlePeer(Message<JsonObject> announcement) {
    String node = announcement.body().getString("node");
    if ("leaving".equals(announcement.body().getString("state"))) {
      owners.left(node);
    } else {
      owners.heard(node, System.currentTimeMillis());
    }
  }

  /**
   * A send from this node's gateways: handled here if this node owns its conversation, else passed to the owner,
   * whose answer (ack or error) is the answer.
   */
  private void handleSend(Message<SendRequest> request) {
    ConversationId conversation = checked(request);
    if (conversation == null) {
      return;
    }
    String owner = owners == null ? null : owners.owner(conversation.value());
    if (owner == null || owner.equals(owners.self())) {
      route(request, conversation);
    } else {
      BusReplies.reply(request, bus.<SendAck>request(routingOwner(owner), request.body()).map(Message::body));
    }
  }

  /** A send passed on by another node's routing, for a conversation this node owns. */
  private void handleOwnedSend(Message<SendRequest> request) {
    ConversationId conversation = checked(request);
    if (conversation != null) {
      route(request, conversation);
    }
  }

  /** The send's conversation by the rules, or null once the refusal has been answered. */
  private static ConversationId checked(Message<SendRequest> request) {
    try {
      return MessageRules.check(request.body());
    } catch (ChatException refused) {
      BusReplies.reply(request, Future.failedFuture(refused));
      return null;
    }
  }

  /** Gives the message its id in the conversation's turn, has it stored, delivers it and answers with the ack. */
  private void route(Message<SendRequest> request, ConversationId conversation) {
    SendRequest send = request.body();
    Future<List<String>> members = members(send.senderId(), conversation.value(), true);
    Future<SendAck> acked = turns.inTurn(conversation.value(), members,
            () -> append(send, conversation, members.result()))
        .compose(result -> {
          SendAck ack = new SendAck(result.message(), senderSeq(send, result), result.duplicate());
          if (result.duplicate()) {
            return Future.succeededFuture(ack);
          }
          deliver(result);
          return pushRecorded(result).map(ack);
        });
    BusReplies.reply(request, acked);
  }

  /**
   * The sender's inbox sequence, which every ack carries. The store leaves it out when the first copy of a resend
   * gave the sender no inbox entry (MessageStoreContract); routing always lists the sender, so that is a bug to
   * name, not a null to unbox.
   */
  private static long senderSeq(SendRequest send, AppendResult result) {
    Long seq = result.seqs().get(send.senderId());
    if (seq == null) {
      throw new ChatException(Failure.INTERNAL, "no inbox sequence for the sender " + send.senderId()
          + " in the append of clientMessageId=" + send.clientMessageId());
    }
    return seq;
  }

  private Future<AppendResult> append(SendRequest send, ConversationId conversation, List<String> members) {
    // the id is taken in the conversation's turn, right before the append is sent, so within a conversation ids
    // follow the order messages arrived in and reach the storage writer in that order
    long id = ids.next();
    ChatMessage message = new ChatMessage(id, conversation.value(), send.senderId(), send.clientMessageId(),
        send.text(), IdGenerator.timestampOf(id));
    return bus.<AppendResult>request(STORAGE_APPEND, new AppendRequest(message, members)).map(Message::body);
  }

  private void deliver(AppendResult result) {
    String encoded = result.message().toJson().encode();
    for (Map.Entry<String, Long> recipient : result.seqs().entrySet()) {
      bus.publish(user(recipient.getKey()), new UserEvent(recipient.getValue(), ServerFrames.message(
          recipient.getValue(), encoded)));
    }
  }

  /**
   * {conversationId, from, kind, event, recipients} to {messageId}: a system message or account event, stored in
   * every recipient's inbox (and, for a system message, the group's history) like a message, then delivered live.
   * The caller has made the change it tells of and checked who may know; the event's client id is its own id.
   */
  private void handleEvent(Message<JsonObject> request) {
    JsonObject body = request.body();
    String conversationId = body.getString("conversationId");
    @SuppressWarnings("unchecked")
    List<String> recipients = body.getJsonArray("recipients").getList();
    Future<JsonObject> stored = turns.inTurn(conversationId, Future.succeededFuture(), () -> {
      long id = ids.next();
      String kind = body.getString("kind");
      ChatMessage message = new ChatMessage(id, conversationId, body.getString("from"), kind + ":" + Ids.toHex(id),
          body.getJsonObject("event").encode(), IdGenerator.timestampOf(id), kind);
      return bus.<AppendResult>request(STORAGE_APPEND, new AppendRequest(message, recipients)).map(Message::body);
    }).map(result -> {
      deliver(result);
      return new JsonObject().put("messageId", Ids.toHex(result.message().id()));
    });
    BusReplies.reply(request, stored);
  }

  /**
   * Push has put the notifications the message's offline recipients are due in its durable outbox, so an ack means
   * their push survives a crash too. Push being slow, failing or not deployed holds the ack back at most
   * {@code push.recordTimeoutMillis}, never fails it: the message is stored and delivered either way.
   */
  private Future<Void> pushRecorded(AppendResult result) {
    return bus.request(PUSH_DUE, result, pushRecording).<Void>mapEmpty().recover(cause -> {
      if (!(cause instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS)) {
        log.warn("acked without push recorded messageId={} cause={}", Ids.toHex(result.message().id()),
            cause.getMessage());
      }
      return Future.succeededFuture();
    });
  }

  /** {userId, conversationId, messageId}: stores the read cursor and shows it to every member's devices. */
  private void handleRead(Message<JsonObject> request) {
    JsonObject read = request.body();
    String userId = read.getString("userId");
    String conversationId = read.getString("conversationId");
    Future<JsonObject> marked = members(userId, conversationId, false).compose(members ->
        bus.<JsonObject>request(STORAGE_READ_MARK, read).map(Message::body).onSuccess(cursor -> {
          String frame = ServerFrames.read(conversationId, userId, cursor.getString("messageId"));
          members.forEach(member -> bus.publish(user(member), new UserEvent(0, frame)));
        }).map(cursor -> cursor.put("conversationId", conversationId)));
    BusReplies.reply(request, marked);
  }

  /** {userId, conversationId}: shows the typing indicator to the other members; never stored. */
  private void handleTyping(Message<JsonObject> request) {
    String userId = request.body().getString("userId");
    String conversationId = request.body().getString("conversationId");
    Future<Void> shown = members(userId, conversationId, true).map(members -> {
      UserEvent event = new UserEvent(0, ServerFrames.typing(conversationId, userId));
      members.stream().filter(member -> !member.equals(userId)).forEach(member -> bus.publish(user(member), event));
      return null;
    });
    BusReplies.reply(request, shown);
  }

  @SuppressWarnings("unchecked")
  /** The members of a conversation; {@code toSend} when the caller sends there, which a 1:1 block refuses. */
  private Future<List<String>> members(String userId, String conversationId, boolean toSend) {
    JsonObject query = new JsonObject().put("userId", userId).put("conversationId", conversationId)
        .put("send", toSend);
    return bus.<JsonObject>request(STORAGE_RECIPIENTS, query)
        .map(reply -> (List<String>) reply.body().getJsonArray("members").getList());
  }
}
