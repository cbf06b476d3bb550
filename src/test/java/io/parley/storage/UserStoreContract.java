package io.parley.storage;

import io.parley.bus.Failure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.stream.IntStream;

import static io.parley.storage.Await.failure;
import static io.parley.storage.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every {@link UserStore} shares, sessions and account deletion included; subclasses only supply the
 * store. What one node revokes the other must see at once: that is what makes logout cluster-wide.
 */
@ExtendWith(VertxExtension.class)
public abstract class UserStoreContract {
  private static final long NOW = System.currentTimeMillis();
  private static final long DAY = 86_400_000L;

  private UserStore store;
  private UserStore otherNode;

  /** An empty store that stays usable until the test ends. */
  protected abstract UserStore newStore(Vertx vertx) throws Exception;

  /**
   * A second writer on the same data, as another node of a cluster has, opened after {@link #newStore}. A store that
   * serves one node only returns the same store: its second caller is all the concurrency it can have.
   */
  protected abstract UserStore otherNode(Vertx vertx, UserStore store) throws Exception;

  @BeforeEach
  void createStore(Vertx vertx) throws Exception {
    store = newStore(vertx);
    otherNode = otherNode(vertx, store);
  }

  private static UserRecord user(String id, String username) {
    return new UserRecord(id, username, username + " display", "bio of " + id, "hash-" + id, 1_700_000_000_000L);
  }

  private static UserRecord user(String id, String username, long createdAt) {
    return new UserRecord(id, username, username, "", "hash-" + id, createdAt);
  }

  private static SessionRecord session(String id) {
    return new SessionRecord(id, NOW, NOW + DAY);
  }

  @Test
  @DisplayName("a created user is found by id and by username in any case")
  void createAndFind() throws Exception {
    UserRecord alice = user("u1", "Alice");

    assertThat(result(store.create(alice))).isEqualTo(alice);

    assertThat(result(store.byId("u1"))).isEqualTo(alice);
    assertThat(result(store.byUsername("aLiCe"))).isEqualTo(alice);
    assertThat(result(store.byUsername("bob"))).isNull();
    assertThat(result(store.byId("u2"))).isNull();
  }

  @Test
  @DisplayName("a username differing only in case is taken")
  void usernameTakenIgnoringCase() throws Exception {
    result(store.create(user("u1", "Alice")));

    assertThat(failure(store.create(user("u2", "aLICE")))).isEqualTo(Failure.USERNAME_TAKEN);
    assertThat(result(store.byId("u2"))).isNull();
    assertThat(result(store.byUsername("alice")).id()).isEqualTo("u1");
  }

  @Test
  @DisplayName("of concurrent sign-ups for one username exactly one wins")
  void concurrentCreateOneWins() throws Exception {
    List<Future<UserRecord>> creates = IntStream.range(0, 20)
        .mapToObj(i -> store.create(user("u" + i, i % 2 == 0 ? "Carol" : "CAROL")))
        .toList();
    Await.all(creates);

    List<Future<UserRecord>> won = creates.stream().filter(Future::succeeded).toList();
    assertThat(won).hasSize(1);
    String winner = won.get(0).result().id();
    assertThat(result(store.byUsername("carol")).id()).isEqualTo(winner);
    for (Future<UserRecord> lost : creates.stream().filter(Future::failed).toList()) {
      assertThat(failure(lost)).isEqualTo(Failure.USERNAME_TAKEN);
    }
    for (int i = 0; i < 20; i++) {
      assertThat(result(store.byId("u" + i)) != null).isEqualTo(winner.equals("u" + i));
    }
  }

  @Test
  @DisplayName("of concurrent sign-ups for one username on two nodes exactly one wins, and both nodes see it")
  void concurrentCreateOnTwoNodesOneWins() throws Exception {
    List<Future<UserRecord>> creates = IntStream.range(0, 20)
        .mapToObj(i -> (i % 2 == 0 ? store : otherNode).create(user("u" + i, i % 3 == 0 ? "Dave" : "dAVE")))
        .toList();
    Await.all(creates);

    List<Future<UserRecord>> won = creates.stream().filter(Future::succeeded).toList();
    assertThat(won).hasSize(1);
    UserRecord winner = won.get(0).result();
    for (Future<UserRecord> lost : creates.stream().filter(Future::failed).toList()) {
      assertThat(failure(lost)).isEqualTo(Failure.USERNAME_TAKEN);
    }
    assertThat(result(store.byUsername("DAVE"))).isEqualTo(winner);
    assertThat(result(otherNode.byUsername("dave"))).isEqualTo(winner);
    for (int i = 0; i < 20; i++) {
      assertThat(result(otherNode.byId("u" + i)) != null).isEqualTo(winner.id().equals("u" + i));
    }
  }

  @Test
  @DisplayName("a profile update replaces display name and bio and keeps the rest")
  void updateProfile() throws Exception {
    UserRecord alice = result(store.create(user("u1", "Alice")));

    UserRecord updated = result(store.updateProfile("u1", "Al", "new bio"));

    UserRecord expected = new UserRecord("u1", "Alice", "Al", "new bio", alice.passwordHash(), alice.createdAt());
    assertThat(updated).isEqualTo(expected);
    assertThat(result(store.byId("u1"))).isEqualTo(expected);
    assertThat(result(store.byUsername("ALICE"))).isEqualTo(expected);
  }

  @Test
  @DisplayName("push previews are on until turned off, per user, and can be turned on again")
  void pushPreviews() throws Exception {
    assertThat(result(store.pushPreviews("u1"))).isTrue();
    result(store.setPushPreviews("u1", false));
    assertThat(result(store.pushPreviews("u1"))).isFalse();
    assertThat(result(store.pushPreviews("u2"))).isTrue();
    result(store.setPushPreviews("u1", true));
    assertThat(result(store.pushPreviews("u1"))).isTrue();
  }

  @Test
  @DisplayName("updating an unknown user fails with NOT_FOUND")
  void updateUnknownUser() throws Exception {
    assertThat(failure(store.updateProfile("ghost", "G", "boo"))).isEqualTo(Failure.NOT_FOUND);
    assertThat(result(store.byId("ghost"))).isNull();
  }

  @Test
  @DisplayName("devices are registered, replaced and removed per user by device id")
  void devices() throws Exception {
    Device phone = new Device("d1", "apns", "token-1", 1L);
    Device tablet = new Device("d2", "fcm", "token-2", 2L);
    Device phoneAgain = new Device("d1", "apns", "token-3", 3L);
    result(store.putDevice("u1", phone));
    result(store.putDevice("u1", tablet));
    result(store.putDevice("u1", phoneAgain));
    result(store.putDevice("u2", phone));

    assertThat(result(store.devices("u1"))).containsExactlyInAnyOrder(phoneAgain, tablet);

    result(store.removeDevice("u1", "d1"));
    result(store.removeDevice("u1", "unknown"));
    assertThat(result(store.devices("u1"))).containsExactly(tablet);
    assertThat(result(store.devices("u2"))).containsExactly(phone);
    assertThat(result(store.devices("u3"))).isEmpty();
  }

  @Test
  @DisplayName("sessions are stored, renewed in place, listed per user and removed, as every node sees them")
  void sessions() throws Exception {
    result(store.putSession("u1", session("s1")));
    result(store.putSession("u1", session("s2")));
    result(store.putSession("u2", session("s1")));
    SessionRecord renewed = new SessionRecord("s1", NOW, NOW + 2 * DAY);
    result(store.putSession("u1", renewed));

    assertThat(result(otherNode.session("u1", "s1"))).isEqualTo(renewed);
    assertThat(result(otherNode.sessions("u1"))).containsExactlyInAnyOrder(renewed, session("s2"));

    result(store.removeSessions("u1", List.of("s1", "unknown")));
    assertThat(result(otherNode.session("u1", "s1"))).as("removed on one node, gone on the other").isNull();
    assertThat(result(otherNode.session("u1", "s2"))).as("control: the other session stays").isEqualTo(session("s2"));
    assertThat(result(otherNode.session("u2", "s1"))).as("control: another user's s1 stays").isEqualTo(session("s1"));
    assertThat(result(store.sessions("u3"))).isEmpty();
    result(store.removeSessions("u1", List.of()));
  }

  @Test
  @DisplayName("a password change replaces only the hash; an unknown user fails with NOT_FOUND")
  void updatePassword() throws Exception {
    UserRecord alice = result(store.create(user("u1", "Alice", NOW)));

    result(store.updatePassword("u1", "new-hash"));

    assertThat(result(otherNode.byId("u1"))).isEqualTo(new UserRecord("u1", "Alice", "Alice", "", "new-hash",
        alice.createdAt()));
    assertThat(failure(store.updatePassword("ghost", "h"))).isEqualTo(Failure.NOT_FOUND);
    assertThat(result(store.byId("ghost"))).isNull();
  }

  @Test
  @DisplayName("deleting a user removes its row, sessions and devices, and only its own")
  void deleteUser() throws Exception {
    result(store.create(user("u1", "Alice", NOW)));
    result(store.create(user("u2", "Bob", NOW)));
    for (String userId : List.of("u1", "u2")) {
      result(store.putSession(userId, session("s1")));
      result(store.putDevice(userId, new Device("phone", "fcm", "token", NOW)));
    }

    result(store.deleteUser("u1", NOW + DAY));

    assertThat(result(otherNode.byId("u1"))).isNull();
    assertThat(result(otherNode.byUsername("alice"))).isNull();
    assertThat(result(otherNode.session("u1", "s1"))).isNull();
    assertThat(result(otherNode.sessions("u1"))).isEmpty();
    assertThat(result(otherNode.devices("u1"))).isEmpty();
    assertThat(result(otherNode.wasDeleted("u1"))).isTrue();
    assertThat(result(otherNode.byId("u2"))).as("control: another user stays").isNotNull();
    assertThat(result(otherNode.session("u2", "s1"))).isNotNull();
    assertThat(result(otherNode.devices("u2"))).hasSize(1);
    assertThat(result(otherNode.wasDeleted("u2"))).isFalse();
    assertThat(result(otherNode.wasDeleted("never"))).isFalse();
  }

  @Test
  @DisplayName("deleting twice, or a user that never was, changes nothing and succeeds")
  void deleteTwice() throws Exception {
    result(store.create(user("u1", "Alice", NOW)));
    result(store.deleteUser("u1", NOW + DAY));

    result(store.deleteUser("u1", NOW));
    result(store.deleteUser("never", NOW));

    assertThat(result(store.wasDeleted("never"))).isFalse();
    assertThat(failure(store.create(user("u2", "alice", NOW + 1))))
        .as("the second deletion did not move the hold earlier").isEqualTo(Failure.USERNAME_TAKEN);
  }

  @Test
  @DisplayName("a deleted account's username is held until its free time, on every node, then a sign-up takes it")
  void usernameHeldThenFree() throws Exception {
    result(store.create(user("u1", "Alice", NOW)));
    result(store.deleteUser("u1", NOW + DAY));

    assertThat(failure(otherNode.create(user("u2", "ALICE", NOW + DAY - 1)))).isEqualTo(Failure.USERNAME_TAKEN);
    assertThat(result(store.byId("u2"))).isNull();

    UserRecord newAlice = user("u3", "alice", NOW + DAY);
    assertThat(result(otherNode.create(newAlice))).isEqualTo(newAlice);
    assertThat(result(store.byUsername("Alice"))).isEqualTo(newAlice);
    assertThat(failure(store.create(user("u4", "alice", NOW + 2 * DAY)))).as("taken again by its new owner")
        .isEqualTo(Failure.USERNAME_TAKEN);
  }
}
