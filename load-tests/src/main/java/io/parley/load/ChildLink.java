package io.parley.load;

import io.vertx.core.json.JsonObject;

/**
 * The line protocol between {@link ConnectionScale} and its child processes. A child reports events on stdout as
 * {@code @scale {json with "event"}} lines (anything else it prints is passed through); the parent sends one
 * command per line on the child's stdin.
 */
final class ChildLink {
  static final String DROP = "drop";
  static final String RECONNECT = "reconnect";
  static final String STOP = "stop";

  static final String READY = "ready";
  static final String STATUS = "status";
  static final String DROPPED = "dropped";
  static final String RESYNCED = "resynced";
  static final String FINAL = "final";
  /** Made up by the parent when a child's output ends. */
  static final String EXIT = "exit";

  private static final String PREFIX = "@scale ";

  private ChildLink() {
  }

  static void emit(String event, JsonObject body) {
    System.out.println(PREFIX + body.copy().put("event", event).encode());
  }

  /** The event a child's output line carries, or null for a line that is not one. */
  static JsonObject parse(String line) {
    return line.startsWith(PREFIX) ? new JsonObject(line.substring(PREFIX.length())) : null;
  }
}
