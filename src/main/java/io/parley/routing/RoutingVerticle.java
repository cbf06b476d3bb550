package io.parley.routing;

import io.parley.bus.AppendRequest;
import io.parley.bus.AppendResult;
import io.parley.bus.BusReplies;
import io.parley.bus.ChatException;
import io.parley.bus.Consumers;
import io.parley.bus.Failure;
import io.parley.bus.SendAck;
import io.parley.bus.SendRequest;
import io.parley.bus.UserDirectory;
import io.parley.bus.UserEvent;
import io.parley.config.DiscoveryConfig;
import io.parley.health.NodeState;
import io.parley.model.ChatMessage;
import io.parley.model.ConversationId;
import io.parley.model.IdGenerator;
import io.parley.model.Ids;
import io.parley.protocol.ServerFrames;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
import java.util.Random;

import static io.parley.bus.Addresses.PUSH_DUE;
import static io.parley.bus.Addresses.ROUTING_FORGET;
import static io.parley.bus.Addresses.ROUTING_READ;
import static io.parley.bus.Addresses.ROUTING_SEND;
import static io.parley.bus.Addresses.ROUTING_EVENT;
import static io.parley.bus.Addresses.ROUTING_TYPING;
import static io.parley.bus.Addresses.STORAGE_APPEND;
import static io.parley.bus.Addresses.STORAGE_READ_MARK;
import static io.parley.bus.Addresses.STORAGE_RECIPIENTS;
import static io.parley.bus.Addresses.routingOwner;

/**
 * Chat routing: checks a message, gives it its id, has the storage writer make it durable, publishes it to every
 * recipient's user address, has push record the notifications offline recipients are due, then acks the sender.
 * Also routes read receipts and typing indicators to a conversation's members. In a cluster each conversation has
 * one owner among the live nodes' routing ({@link ConversationOwners}); a send for a conversation another node owns
 * is passed to it, so one routing instance orders each conversation. The live nodes come from their announcements ({@link NodePeers}),
 * which also answer discovery.
 */
public final class RoutingVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(RoutingVerticle.class);
  /**
   * How long a send passed to its conversation's owner may take: a fence (2 s) and the append. A send to an owner
   * that died gets no answer until the bus's default 30 s; this answers UNAVAILABLE sooner, so the client resends
   * (its resend is idempotent) to whoever owns the conversation by then.
   */
  private static final DeliveryOptions FORWARD = new DeliveryOptions().setSendTimeout(5_000);
  private final IdGenerator ids;
  private final String clusterNodeId;
  private final UserDirectory users;
  private final NodeState state;
  private final String publicAddress;
  private final DiscoveryConfig discovery;
  private final ConversationTurns turns = new ConversationTurns();
  private final SendablePairs sendable = new SendablePairs();
  private final DeliveryOptions pushRecording;
  /** Null on a node that is not clustered: it owns every conversation. */
  private ConversationOwners owners;
  private NodePeers peers;
  private EventBus bus;
  /** Sends this instance is routing, so a stopping node finishes them before it goes. */
  private int inFlight;
  private Promise<Void> idle;

  /**
   * @param pushRecordMillis how long an ack waits for push to record the message's notifications
   * @param publicAddress    the {@code host:port} clients reach this node at, which it announces for discovery
   * @param clusterNodeId    this member's Vert.x cluster node id; null when not clustered
   */
  public RoutingVerticle(IdGenerator ids, int pushRecordMillis, NodeState state, String publicAddress,
      DiscoveryConfig discovery, UserDirectory users, String clusterNodeId) {
    this.ids = ids;
    this.clusterNodeId = clusterNodeId;
    this.users = users;
    this.pushRecording = new DeliveryOptions().setSendTimeout(pushRecordMillis);
    this.state = state;
    this.publicAddress = publicAddress;
    this.discovery = discovery;
  }

  @Override
  public Future<?> start() {
    bus = vertx.eventBus();
    if (clusterNodeId != null) {
      owners = new ConversationOwners(NodePeers.routingId(ids.nodeId(), clusterNodeId), NodePeers.SILENCE_MILLIS,
          NodePeers.HANDOVER_MILLIS, System.currentTimeMillis());
    }
    peers = new NodePeers(vertx, state, publicAddress, new NodeChooser(discovery.policy(), new Random()), owners);
    Consumers consumers = new Consumers(bus)
        .on(ROUTING_SEND, this::handleSend)
        .on(ROUTING_READ, this::handleRead)
        .on(ROUTING_TYPING, this::handleTyping)
        .on(ROUTING_EVENT, this::handleEvent)
        .onClustered(ROUTING_FORGET, this::handleForget);
    if (owners != null) {
      consumers.onClustered(routingOwner(owners.self()), this::handleOwnedSend);
    }
    return peers.register(consumers).ready().compose(registered -> peers.start());
  }

  /**
   * Hands this node's conversations over (the peers hear it leave), then finishes the sends it is routing: those
   * already passed to it still get their ack.
   */
  @Override
  public Future<?> stop() {
    peers.leave();
    if (inFlight == 0) {
      return Future.succeededFuture();
    }
    idle = Promise.promise();
    return idle.future();
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
      BusReplies.reply(request, bus.<SendAck>request(routingOwner(owner), request.body(), FORWARD)
          .map(Message::body));
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
    inFlight++;
    Future<List<String>> members = sendMembers(send.senderId(), conversation);
    // the fence is part of the turn's readiness: a turn is over once its append is sent, so a wait inside it would
    // let the next message of the conversation take its id first
    Future<?> ready = Future.all(members, handedOver(conversation.value()));
    Future<SendAck> acked = turns.inTurn(conversation.value(), ready,
            () -> append(send, conversation, members.result()))
        .compose(result -> {
          SendAck ack = new SendAck(result.message(), senderSeq(send, result), result.duplicate());
          if (result.duplicate()) {
            return Future.succeededFuture(ack);
          }
          deliver(result);
          return pushRecorded(result).map(ack);
        })
        .onComplete(done -> {
          if (--inFlight == 0 && idle != null) {
            idle.tryComplete();
          }
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

  /**
   * Completes once this node may route the conversation: at once when not clustered or long owned; after the fence
   * of a conversation it gained (ConversationOwners); fails UNAVAILABLE when another node owns it now (the views of
   * the node that passed the send here and of this one differ for a moment), and the client resends.
   */
  private Future<Void> handedOver(String conversationId) {
    long waitMillis = owners == null ? 0 : owners.fencedMillis(conversationId, System.currentTimeMillis());
    if (waitMillis == 0) {
      return Future.succeededFuture();
    }
    if (waitMillis < 0) {
      return Future.failedFuture(new ChatException(Failure.UNAVAILABLE, "the conversation moved to another node"));
    }
    return vertx.timer(waitMillis).compose(waited -> handedOver(conversationId));
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
      users.publish(recipient.getKey(), new UserEvent(recipient.getValue(), ServerFrames.message(
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
          members.forEach(member -> users.publish(member, new UserEvent(0, frame)));
        }).map(cursor -> cursor.put("conversationId", conversationId)));
    BusReplies.reply(request, marked);
  }

  /** {userId, conversationId}: shows the typing indicator to the other members; never stored. */
  private void handleTyping(Message<JsonObject> request) {
    String userId = request.body().getString("userId");
    String conversationId = request.body().getString("conversationId");
    ConversationId conversation = ConversationId.parse(conversationId);
    // a typing frame every few seconds while someone types: the same cache as a send, and refused by a block alike
    Future<List<String>> recipients = conversation == null ? members(userId, conversationId, true)
        : sendMembers(userId, conversation);
    Future<Void> shown = recipients.map(members -> {
      UserEvent event = new UserEvent(0, ServerFrames.typing(conversationId, userId));
      members.stream().filter(member -> !member.equals(userId)).forEach(member -> users.publish(member, event));
      return null;
    });
    BusReplies.reply(request, shown);
  }

  /** The members of a conversation {@code senderId} sends in: known already for a 1:1 storage lately let through. */
  private Future<List<String>> sendMembers(String senderId, ConversationId conversation) {
    List<String> known = sendable.members(senderId, conversation);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    long mark = sendable.mark();
    return members(senderId, conversation.value(), true).onSuccess(members -> sendable.learned(conversation, mark));
  }

  /** {userId, otherId?}: storage is about to answer a block between the two, or the user's deletion. */
  private void handleForget(Message<JsonObject> message) {
    String otherId = message.body().getString("otherId");
    if (otherId == null) {
      sendable.forgetAll();
    } else {
      sendable.forget(message.body().getString("userId"), otherId);
    }
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
