package io.parley.bus;

/**
 * Every event-bus address of the system. Services have fixed addresses; each user has one address that every
 * connected device of that user consumes, on whichever node holds its socket ({@link UserDirectory} reaches it).
 */
public final class Addresses {
  /** Prefix shared by all per-user addresses. */
  public static final String USER_PREFIX = "chat.user.";
  /** Prefix of the one clustered address of each node, where other nodes hand over what is for its users. */
  public static final String NODE_PREFIX = "chat.node.";

  public static final String ROUTING_SEND = "chat.routing.send";
  public static final String ROUTING_READ = "chat.routing.read";
  public static final String ROUTING_TYPING = "chat.routing.typing";
  /** System messages of groups and account events, which go into inboxes as messages do. */
  public static final String ROUTING_EVENT = "chat.routing.event";
  /** Where clustered routing instances announce themselves; see {@link #routingOwner}. */
  public static final String ROUTING_PEERS = "chat.routing.peers";
  /**
   * A cluster member left or died, as the cluster's membership says: its Vert.x cluster node id, published on each
   * member, node-local only ({@code cluster.ClusterMembers}).
   */
  public static final String CLUSTER_MEMBER_LEFT = "cluster.member.left";
  /** This node's routing names the best chat node for a client (discovery); answers {@code {address}}. */
  public static final String ROUTING_DISCOVER = "chat.routing.discover";
  /** This node starts to drain: its routing announces it at once, so discovery stops naming it. */
  public static final String ROUTING_DRAIN = "chat.routing.drain";
  /**
   * Storage tells every node's routing that 1:1 sends it let through may no longer be: {userId, otherId} when one
   * blocks the other, {userId} when the account is deleted. Clustered: one consumer per node.
   */
  public static final String ROUTING_FORGET = "chat.routing.forget";
  /** Prefix of the clustered address of one node's routing, to which sends of the conversations it owns go. */
  public static final String ROUTING_OWNER_PREFIX = "chat.routing.owner.";

  public static final String STORAGE_APPEND = "chat.storage.append";
  public static final String STORAGE_RECIPIENTS = "chat.storage.recipients";
  public static final String STORAGE_INBOX = "chat.storage.inbox";
  public static final String STORAGE_HISTORY = "chat.storage.history";
  public static final String STORAGE_CONVERSATION_LIST = "chat.storage.conversation.list";
  public static final String STORAGE_READ_MARK = "chat.storage.read.mark";
  public static final String STORAGE_READ_GET = "chat.storage.read.get";
  public static final String STORAGE_USER_CREATE = "chat.storage.user.create";
  public static final String STORAGE_USER_GET = "chat.storage.user.get";
  public static final String STORAGE_USER_UPDATE = "chat.storage.user.update";
  public static final String STORAGE_USER_PASSWORD = "chat.storage.user.password";
  public static final String STORAGE_USER_DELETE = "chat.storage.user.delete";
  public static final String STORAGE_SESSION_CREATE = "chat.storage.session.create";
  public static final String STORAGE_SESSION_CHECK = "chat.storage.session.check";
  public static final String STORAGE_SESSION_RENEW = "chat.storage.session.renew";
  public static final String STORAGE_SESSION_LIST = "chat.storage.session.list";
  public static final String STORAGE_SESSION_REVOKE = "chat.storage.session.revoke";
  public static final String STORAGE_RELATION_CHANGE = "chat.storage.relation.change";
  public static final String STORAGE_FRIEND_LIST = "chat.storage.friend.list";
  public static final String STORAGE_CONTACT_LIST = "chat.storage.contact.list";
  public static final String STORAGE_GROUP_CREATE = "chat.storage.group.create";
  public static final String STORAGE_GROUP_GET = "chat.storage.group.get";
  public static final String STORAGE_GROUP_LIST = "chat.storage.group.list";
  public static final String STORAGE_GROUP_ADD = "chat.storage.group.member.add";
  public static final String STORAGE_GROUP_REMOVE = "chat.storage.group.member.remove";
  public static final String STORAGE_GROUP_RENAME = "chat.storage.group.rename";
  public static final String STORAGE_DEVICE_PUT = "chat.storage.device.put";
  public static final String STORAGE_DEVICE_REMOVE = "chat.storage.device.remove";
  public static final String STORAGE_DEVICE_LIST = "chat.storage.device.list";
  public static final String STORAGE_PUSH_RECORD = "chat.storage.push.record";
  public static final String STORAGE_PUSH_PENDING = "chat.storage.push.pending";
  public static final String STORAGE_PUSH_PREVIEWS = "chat.storage.push.previews";
  public static final String STORAGE_PUSH_LOAD = "chat.storage.push.load";
  public static final String STORAGE_PUSH_REMOVE = "chat.storage.push.remove";

  public static final String PRESENCE_HEARTBEAT = "chat.presence.heartbeat";
  public static final String PRESENCE_CONNECTION = "chat.presence.connection";
  public static final String PRESENCE_QUERY = "chat.presence.query";

  /**
   * Published by a clustered node's gateway for every login outcome that moves the login throttle, so every node
   * throttles alike (gateway.LoginThrottle).
   */
  public static final String GATEWAY_LOGIN_OUTCOME = "chat.gateway.login.outcome";

  public static final String PUSH_DUE = "chat.push.due";
  /** The Web Push VAPID public key, asked by the gateway for browsers. */
  public static final String PUSH_WEBPUSH_KEY = "chat.push.webpush.key";

  /**
   * The only address a browser may send to over the event-bus bridge ({@code /v1/eventbus}): its bodies are client
   * frames of the protocol. Bridge addresses live outside {@code chat.*} and no consumer on the bus has them: the
   * bridge hands them to the socket's session and never to the bus.
   */
  public static final String BRIDGE_CLIENT = "parley.client";
  /** Prefix of the one address each bridge socket receives on; see {@link #bridgeUser}. */
  public static final String BRIDGE_USER_PREFIX = "parley.user.";

  private Addresses() {
  }

  /** The clustered address of the routing of the node {@code nodeId}, for sends of the conversations it owns. */
  public static String routingOwner(String nodeId) {
    return ROUTING_OWNER_PREFIX + nodeId;
  }

  /** The bridge address a browser of {@code userId} registers on and receives its server frames at. */
  public static String bridgeUser(String userId) {
    return BRIDGE_USER_PREFIX + userId;
  }

  /** The clustered address of the node whose cluster node id (Vert.x's, new at every start) is {@code clusterNodeId}. */
  public static String node(String clusterNodeId) {
    return NODE_PREFIX + clusterNodeId;
  }

  /** The address every connected device of {@code userId} consumes. */
  public static String user(String userId) {
    return USER_PREFIX + userId;
  }
}
