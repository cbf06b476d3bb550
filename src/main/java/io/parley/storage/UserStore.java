package io.parley.storage;

import io.vertx.core.Future;

import java.util.List;

/** Accounts, profiles and registered push devices. Every implementation passes {@code UserStoreContract}. */
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
