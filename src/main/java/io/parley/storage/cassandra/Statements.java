package io.parley.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.vertx.core.Future;

import java.util.List;

/** Prepares a table's statements together, once, when the store opens: every query is a prepared one. */
final class Statements {
  private Statements() {
  }

  static Future<List<PreparedStatement>> prepare(Cql cql, List<String> statements) {
    List<Future<PreparedStatement>> prepared = statements.stream().map(cql::prepare).toList();
    return Future.all(prepared).map(all -> prepared.stream().map(Future::result).toList());
  }
}
