package io.parley.storage;

import io.vertx.core.Future;

import java.util.List;

/**
 * Accounts, profiles, login sessions and registered push devices. Every implementation passes
 * {@code UserStoreContract}.
 */
public interface UserStore {

  /**
   * Creates an account; fails with {@code USERNAME_TAKEN} when the username is taken, ignoring case. The check and
   * the claim are one atomic step for every caller on every node (a Cassandra store: {@code INSERT .. IF NOT EXISTS}
   * on the case-folded name).
   */
  Future<UserRecord> create(UserRecord user);

  /** The user with this id, or null. */
  Future<UserRecord> byId(String userId);

  /** The user with this username, ignoring case, or null. */
  Future<UserRecord> byUsername(String username);

  /** Replaces the password hash; fails with {@code NOT_FOUND} for an unknown user. */
  Future<Void> updatePassword(String userId, String passwordHash);

  /**
   * Removes the account: its user row, sessions and devices. The username stays taken until
   * {@code usernameFreeAt} (epoch millis), then a sign-up may claim it; {@link #byId} and {@link #byUsername} find
   * nobody from now on, and {@link #wasDeleted} says the id was an account's. Deleting an unknown user changes
   * nothing.
   */
  Future<Void> deleteUser(String userId, long usernameFreeAt);

  /** Whether {@code userId} named an account that was deleted. */
  Future<Boolean> wasDeleted(String userId);

  /**
   * Stores a session, or replaces the one with its id (a renewal). A store may forget a session once past its
   * {@code expiresAt}.
   */
  Future<Void> putSession(String userId, SessionRecord session);

  /** The user's session with this id, or null (never created, removed, or forgotten after its expiry). */
  Future<SessionRecord> session(String userId, String sessionId);

  /** The user's stored sessions, in no particular order; some may be past their expiry. */
  Future<List<SessionRecord>> sessions(String userId);

  /** Removes these sessions of the user; ids of no session are skipped. */
  Future<Void> removeSessions(String userId, List<String> sessionIds);

  /** Replaces display name and bio; fails with {@code NOT_FOUND} for an unknown user. */
  Future<UserRecord> updateProfile(String userId, String displayName, String bio);

  /** Whether push notifications to this user show a preview of the text; true until the user turns it off. */
  Future<Boolean> pushPreviews(String userId);

  /** Turns push previews on or off for a user. */
  Future<Void> setPushPreviews(String userId, boolean previews);

  /** Registers or replaces a device's push registration. */
  Future<Void> putDevice(String userId, Device device);

  Future<Void> removeDevice(String userId, String deviceId);

  Future<List<Device>> devices(String userId);
}
