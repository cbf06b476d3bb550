package io.parley.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.vertx.cassandra.CassandraClient;
import io.vertx.cassandra.ResultSet;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs statements (with the consistency levels and timeout the session is configured with) and turns every driver
 * failure into
 * {@link Failure#UNAVAILABLE}: a timed-out or refused query may or may not have been applied, so nothing is acked.
 */
final class Cql {
  private final CassandraClient client;

  Cql(CassandraClient client) {
    this.client = client;
  }

  Future<PreparedStatement> prepare(String cql) {
    return client.prepare(cql).recover(Cql::unavailable);
  }

  Future<ResultSet> execute(Statement<?> statement) {
    return client.execute(statement).recover(Cql::unavailable);
  }

  /** The first page only, of at most {@code limit} rows: for queries that carry their own LIMIT. */
  Future<List<Row>> page(Statement<?> statement, int limit) {
    return execute(statement.setPageSize(Math.max(limit, 1))).map(Cql::currentPage);
  }

  /** Every row, page by page through the driver's paging state: only for results bounded by the data model. */
  Future<List<Row>> all(Statement<?> statement) {
    return execute(statement).compose(first -> collect(first, new ArrayList<>()));
  }

  private static Future<List<Row>> collect(ResultSet page, List<Row> rows) {
    rows.addAll(currentPage(page));
    if (!page.hasMorePages()) {
      return Future.succeededFuture(rows);
    }
    return page.fetchNextPage().recover(Cql::unavailable).compose(next -> collect(next, rows));
  }

  private static List<Row> currentPage(ResultSet page) {
    List<Row> rows = new ArrayList<>(page.remaining());
    page.currentPage().forEach(rows::add);
    return rows;
  }

  private static <T> Future<T> unavailable(Throwable cause) {
    if (cause instanceof ChatException) {
      return Future.failedFuture(cause);
    }
    return Future.failedFuture(new ChatException(Failure.UNAVAILABLE, "cassandra: " + cause.getMessage()));
  }
}
