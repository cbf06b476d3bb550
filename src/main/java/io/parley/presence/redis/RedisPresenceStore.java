package io.parley.presence.redis;

import io.parley.config.NodeConfig;
import io.parley.config.PresenceConfig;
import io.parley.config.RedisPresenceConfig;
import io.parley.presence.Presence;
import io.parley.presence.PresenceStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Presence in one Redis shared by every node that runs presence. Each call is one Lua script, atomic in Redis, so the
 * multi-writer guarantees of {@link PresenceStore} hold however many nodes write at once:
 * <ul>
 *   <li>{@code parley:presence:deadlines}, a sorted set of the online users scored by the millis they fall silent:
 *       {@link #expire} removes and returns the due ones in one step, so a user is claimed by exactly one node.</li>
 *   <li>{@code parley:presence:lastActive}, a hash user to millis, only ever raised, kept after going offline.</li>
 *   <li>{@code parley:presence:devices:<node>}, one hash per node, user to its devices connected through that node,
 *       and {@code parley:presence:nodes}, a sorted set of each node's latest call. A node calls {@link #expire}
 *       every second, so one silent for {@code offlineAfter} has died: the next expiry on any node deletes its
 *       devices, and they stop counting.</li>
 * </ul>
 * One Redis, not Redis Cluster: the scripts reach the device hashes of every node. Node clocks must agree to well
 * under {@code offlineAfter}, as deadlines and node liveness compare the times the nodes pass in.
 *
 * <p>Redis down: every command fails within {@code presence.redisCommandTimeoutMillis} (connects too), never hangs,
 * and the store connects again by itself once Redis answers ({@link RedisLink}). Heartbeats lost during an outage would take every user offline at the
 * first expiry after it, so for {@code offlineAfter} after any failed call expiry only beats: by then the heartbeats
 * of the users still there, and the calls of the nodes still alive, have come in again.
 */
public final class RedisPresenceStore implements PresenceStore {
  private static final String PREFIX = "parley:presence:";
  private static final String DEVICES_PREFIX = PREFIX + "devices:";
  private static final List<String> KEYS = List.of(PREFIX + "deadlines", PREFIX + "lastActive", PREFIX + "nodes");
  /** Users per script: Lua's unpack takes some 8,000 values, and a short script never holds Redis up for long. */
  private static final int USERS_PER_SCRIPT = 1000;
  private static final long NO_TIME = Long.MIN_VALUE;
  private static final RedisScript TOUCH = RedisScript.load("touch");
  private static final RedisScript CONNECTED = RedisScript.load("connected");
  private static final RedisScript DISCONNECTED = RedisScript.load("disconnected");
  private static final RedisScript GET = RedisScript.load("get");
  private static final RedisScript EXPIRE = RedisScript.load("expire");

  private final RedisLink redis;
  private final String nodeId;
  private final long offlineAfterMillis;
  private final int expireBatch;
  private volatile long lastFailureAt = NO_TIME;

  /** {@code nodeId} names this node's device counts: unique among the nodes sharing the Redis. */
  public RedisPresenceStore(Vertx vertx, RedisPresenceConfig config, Duration offlineAfter, String nodeId) {
    this.redis = new RedisLink(vertx, config.url(), config.commandTimeoutMillis(),
        List.of(TOUCH, CONNECTED, DISCONNECTED, GET, EXPIRE));
    this.nodeId = nodeId;
    this.offlineAfterMillis = offlineAfter.toMillis();
    this.expireBatch = config.expireBatch();
  }

  /** The store of the node configured by {@code node}, with its presence settings. */
  public static RedisPresenceStore create(Vertx vertx, PresenceConfig presence, NodeConfig node) {
    return new RedisPresenceStore(vertx, presence.redis(), Duration.ofSeconds(presence.offlineAfterSeconds()),
        String.valueOf(node.id()));
  }

  /** Forgets the devices a previous process of this node left counted, as a node starts with no connections. */
  public Future<Void> open() {
    return redis.send(Request.cmd(Command.DEL).arg(DEVICES_PREFIX + nodeId)).mapEmpty();
  }

  public Future<Void> close() {
    return redis.close();
  }

  @Override
  public Future<List<String>> touch(Collection<String> userIds, long nowMillis) {
    return inChunks(userIds, chunk -> run(TOUCH, nowMillis, chunk).map(RedisPresenceStore::strings))
        .map(lists -> lists.stream().flatMap(List::stream).toList());
  }

  @Override
  public Future<Boolean> connected(String userId, String deviceId, long nowMillis) {
    return run(CONNECTED, nowMillis, List.of(userId, deviceId)).map(reply -> reply.toInteger() == 1);
  }

  @Override
  public Future<Void> disconnected(String userId, String deviceId, long nowMillis) {
    return run(DISCONNECTED, nowMillis, List.of(userId, deviceId)).mapEmpty();
  }

  @Override
  public Future<Map<String, Presence>> get(Collection<String> userIds) {
    return inChunks(userIds, chunk -> run(GET, NO_TIME, chunk).map(reply -> presences(chunk, reply)))
        .map(maps -> {
          Map<String, Presence> presences = new LinkedHashMap<>();
          maps.forEach(presences::putAll);
          return presences;
        });
  }

  @Override
  public Future<List<String>> expire(long nowMillis) {
    boolean claim = lastFailureAt == NO_TIME || nowMillis - lastFailureAt >= offlineAfterMillis;
    return run(EXPIRE, nowMillis, List.of(String.valueOf(expireBatch), claim ? "1" : "0"))
        .map(RedisPresenceStore::strings);
  }

  private Future<Response> run(RedisScript script, long nowMillis, List<String> scriptArgs) {
    List<String> args = new ArrayList<>(4 + scriptArgs.size());
    args.add(DEVICES_PREFIX);
    args.add(nodeId);
    args.add(String.valueOf(nowMillis == NO_TIME ? 0 : nowMillis));
    args.add(String.valueOf(offlineAfterMillis));
    args.addAll(scriptArgs);
    return redis.run(script, KEYS, args).onFailure(cause -> {
      if (nowMillis != NO_TIME) {
        lastFailureAt = Math.max(lastFailureAt, nowMillis);
      }
    });
  }

  private static <T> Future<List<T>> inChunks(Collection<String> userIds, Function<List<String>, Future<T>> call) {
    List<String> ids = List.copyOf(userIds);
    List<Future<T>> calls = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += USERS_PER_SCRIPT) {
      calls.add(call.apply(ids.subList(from, Math.min(ids.size(), from + USERS_PER_SCRIPT))));
    }
    return Future.all(calls).map(all -> all.list());
  }

  private static Map<String, Presence> presences(List<String> userIds, Response reply) {
    Map<String, Presence> presences = new LinkedHashMap<>();
    for (int i = 0; i < userIds.size(); i++) {
      Response lastActive = reply.get(3 * i + 1);
      presences.put(userIds.get(i), new Presence(reply.get(3 * i).toInteger() == 1,
          lastActive == null ? null : lastActive.toLong(), reply.get(3 * i + 2).toInteger()));
    }
    return presences;
  }

  private static List<String> strings(Response reply) {
    return reply.stream().map(Response::toString).toList();
  }
}
