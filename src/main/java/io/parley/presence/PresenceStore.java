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
 * Times are passed in by the caller (epoch millis), so implementations read no clock of their own.
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
