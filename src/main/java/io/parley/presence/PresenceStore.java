package io.parley.presence;

import io.vertx.core.Future;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Who is online, since when, and on how many devices. Every implementation passes {@code PresenceStoreContract}.
 *
 * <p>Contract:
 * <ul>
 *   <li><b>Online on any sign of life.</b> A heartbeat ({@link #touch}) or a connect makes the user online at once and
 *       sets the last-active time; the call reports whether that was a change from offline.</li>
 *   <li><b>Offline only by silence.</b> A user goes offline only once no heartbeat or connect has come for the
 *       implementation's {@code offlineAfter}, and only when {@link #expire} reports it, exactly once. A disconnect
 *       never takes a user offline, so a quick reconnect does not flip the status.</li>
 *   <li><b>Last-active time survives.</b> It is kept after the user goes offline and never moves backwards.</li>
 *   <li><b>Devices are counted, not trusted.</b> Each device counts once however many connections it has open;
 *       a disconnect of an unknown device changes nothing; expiry resets the count to zero, because a node that
 *       died never sent its disconnects.</li>
 * </ul>
 *
 * <p>A store shared by several nodes (each node its own store on the same state) also guarantees, with every node
 * writing at once:
 * <ul>
 *   <li><b>One announcement per change.</b> Of the {@link #expire} calls of all nodes, exactly one reports a given
 *       user going offline, and of their {@link #touch} and {@link #connected} calls exactly one reports the user
 *       coming online: the check and the change are one atomic step.</li>
 *   <li><b>Devices are counted per node.</b> A node's connects and disconnects count under that node; a device
 *       connected through two nodes counts once. A node counts as alive while it calls the store (its presence
 *       verticle expires every second); once one has been silent for {@code offlineAfter}, the next expiry on any
 *       node drops its devices, so a dead node's connections stop suppressing push. So a connection's connect and
 *       disconnect must both reach the store of the node that holds the connection.</li>
 *   <li><b>Last-active never moves back</b>, nor the deadline it sets, whatever order the nodes' writes land in.</li>
 * </ul>
 *
 * <p>When the shared state cannot be reached, every call fails within the implementation's command timeout rather
 * than hanging; {@code PresenceVerticle} then answers presence queries with {@link Presence#UNKNOWN} for every user,
 * so nothing that reads presence fails because of it, and the store recovers by itself once the state is back.
 * Times are passed in by the caller (epoch millis), so implementations read no clock of their own; nodes' clocks
 * must agree to well under {@code offlineAfter}.
 */
public interface PresenceStore {

  /** Records a heartbeat of each user at {@code nowMillis}; returns those that were offline before. */
  Future<List<String>> touch(Collection<String> userIds, long nowMillis);

  /** Records a new connection of a device, which counts as a heartbeat; true when the user was offline before. */
  Future<Boolean> connected(String userId, String deviceId, long nowMillis);

  /** Records the end of one connection of a device; the user stays online until it expires. */
  Future<Void> disconnected(String userId, String deviceId, long nowMillis);

  /** The presence of each requested user, {@link Presence#UNKNOWN} for users never seen. */
  Future<Map<String, Presence>> get(Collection<String> userIds);

  /** Takes offline the users silent for {@code offlineAfter} by {@code nowMillis} and returns them. */
  Future<List<String>> expire(long nowMillis);
}
