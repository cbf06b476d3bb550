package io.parley.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.parley.storage.Contact;
import io.parley.storage.Relation;
import io.parley.util.KeyedTurns;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Relations between users on the shared store. The pair's {@link Relation} is one row of {@code relations}, keyed by
 * the two ids in string order, that changes only by a lightweight transaction on its {@code version} column, as a
 * group does; so two nodes changing one pair at once (both users asking each other) apply one after the other. Each
 * side's listings ({@code friends}, {@code contacts}) follow the transaction in one logged batch written
 * {@code USING TIMESTAMP} the row's new version, which is at least the change's time in microseconds and above the
 * version before: however late a batch lands, the listing ends as the latest version of the pair says. A node that
 * dies between the two leaves the listings one change behind until the pair changes again; every change, even one
 * that changes nothing, rewrites them. Friendships written before requests existed have a {@code friends} row and no
 * {@code relations} row: they read as friends.
 */
final class CassandraRelations {
  private static final int MAX_ATTEMPTS = 64;
  private static final String COLUMNS = "friends, requester, requested_at, blockers, version";

  private final Cql cql;
  private final PreparedStatement read;
  private final PreparedStatement create;
  private final PreparedStatement update;
  private final PreparedStatement addFriend;
  private final PreparedStatement removeFriend;
  private final PreparedStatement putContact;
  private final PreparedStatement removeContact;
  private final PreparedStatement legacyFriend;
  private final PreparedStatement contacts;
  private final KeyedTurns turns = new KeyedTurns();

  private CassandraRelations(Cql cql, List<PreparedStatement> statements) {
    this.cql = cql;
    this.read = statements.get(0);
    this.create = statements.get(1);
    this.update = statements.get(2);
    this.addFriend = statements.get(3);
    this.removeFriend = statements.get(4);
    this.putContact = statements.get(5);
    this.removeContact = statements.get(6);
    this.legacyFriend = statements.get(7);
    this.contacts = statements.get(8);
  }

  static Future<CassandraRelations> prepare(Cql cql, String ks) {
    return Statements.prepare(cql, List.of(
        "SELECT " + COLUMNS + " FROM " + ks + ".relations WHERE low_id = ? AND high_id = ?",
        "INSERT INTO " + ks + ".relations (low_id, high_id, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS",
        "UPDATE " + ks + ".relations SET friends = ?, requester = ?, requested_at = ?, blockers = ?, version = ? "
            + "WHERE low_id = ? AND high_id = ? IF version = ?",
        "INSERT INTO " + ks + ".friends (user_id, friend_id) VALUES (?, ?) USING TIMESTAMP ?",
        "DELETE FROM " + ks + ".friends USING TIMESTAMP ? WHERE user_id = ? AND friend_id = ?",
        "INSERT INTO " + ks + ".contacts (user_id, other_id, kind, at) VALUES (?, ?, ?, ?) USING TIMESTAMP ?",
        "DELETE FROM " + ks + ".contacts USING TIMESTAMP ? WHERE user_id = ? AND other_id = ?",
        "SELECT friend_id FROM " + ks + ".friends WHERE user_id = ? AND friend_id = ?",
        "SELECT other_id, kind, at FROM " + ks + ".contacts WHERE user_id = ?"))
        .map(statements -> new CassandraRelations(cql, statements));
  }

  Future<Relation> change(String userId, String otherId, long now, UnaryOperator<Relation> change) {
    Pair pair = Pair.of(userId, otherId);
    return turns.inTurn(pair.low + ' ' + pair.high, () -> attempt(pair, now, change, 1))
        .compose(after -> after.version == 0 ? Future.succeededFuture(after.relation)
            : cql.execute(listings(pair, after)).map(written -> after.relation));
  }

  Future<Relation> read(String userId, String otherId) {
    return current(Pair.of(userId, otherId)).map(Versioned::relation);
  }

  /** One read: a pair without a row blocks nothing, so the legacy friendship need not be looked up. */
  Future<Boolean> blocked(String userId, String otherId) {
    Pair pair = Pair.of(userId, otherId);
    return cql.page(read.bind(pair.low, pair.high), 1)
        .map(rows -> !rows.isEmpty() && versioned(rows.get(0)).relation.blocked());
  }

  Future<List<Contact>> contacts(String userId) {
    return cql.all(contacts.bind(userId)).map(rows -> rows.stream().map(row -> new Contact(row.getString("other_id"),
        Contact.Kind.valueOf(row.getString("kind")), row.getLong("at"))).toList());
  }

  private Future<Versioned> attempt(Pair pair, long now, UnaryOperator<Relation> change, int attempt) {
    return current(pair).compose(current -> {
      Relation next = change.apply(current.relation);
      if (next.equals(current.relation)) {
        return Future.succeededFuture(current);
      }
      long version = Math.max(current.version + 1, now * 1000);
      BoundStatement write = current.version == 0
          ? create.bind(pair.low, pair.high, next.friends(), next.requester(), next.requestedAt(), next.blockers(),
              version)
          : update.bind(next.friends(), next.requester(), next.requestedAt(), next.blockers(), version, pair.low,
              pair.high, current.version);
      return cql.execute(write).compose(written -> {
        if (written.wasApplied()) {
          return Future.succeededFuture(new Versioned(next, version));
        }
        if (attempt == MAX_ATTEMPTS) {
          return Future.failedFuture(new ChatException(Failure.UNAVAILABLE, "relation too contended"));
        }
        return attempt(pair, now, change, attempt + 1);
      });
    });
  }

  /** The pair's row, or for a pair without one, a legacy friendship or nothing, at version 0. */
  private Future<Versioned> current(Pair pair) {
    return cql.page(read.bind(pair.low, pair.high), 1).compose(rows -> {
      if (!rows.isEmpty()) {
        return Future.succeededFuture(versioned(rows.get(0)));
      }
      return cql.page(legacyFriend.bind(pair.low, pair.high), 1).map(legacy -> new Versioned(
          legacy.isEmpty() ? Relation.NONE : new Relation(true, null, 0, List.of()), 0));
    });
  }

  private BatchStatement listings(Pair pair, Versioned after) {
    List<BoundStatement> writes = new ArrayList<>(side(pair.low, pair.high, after));
    writes.addAll(side(pair.high, pair.low, after));
    return BatchStatement.newInstance(DefaultBatchType.LOGGED, writes.toArray(BoundStatement[]::new));
  }

  private List<BoundStatement> side(String userId, String otherId, Versioned after) {
    long at = after.version;
    BoundStatement friend = after.relation.friends() ? addFriend.bind(userId, otherId, at)
        : removeFriend.bind(at, userId, otherId);
    Contact contact = after.relation.contactOf(userId, otherId);
    BoundStatement listed = contact == null ? removeContact.bind(at, userId, otherId)
        : putContact.bind(userId, otherId, contact.kind().name(), contact.at(), at);
    return List.of(friend, listed);
  }

  private static Versioned versioned(Row row) {
    return new Versioned(new Relation(row.getBoolean("friends"), row.getString("requester"),
        row.getLong("requested_at"), row.getList("blockers", String.class)), row.getLong("version"));
  }

  /** A relation and the version a change conditions on; 0 for a pair without a row. */
  private record Versioned(Relation relation, long version) {
  }

  /** Two user ids in string order, the key of their row. */
  private record Pair(String low, String high) {
    static Pair of(String userId, String otherId) {
      return userId.compareTo(otherId) < 0 ? new Pair(userId, otherId) : new Pair(otherId, userId);
    }
  }
}
