package io.parley.load;

import java.time.Duration;
import java.util.UUID;

/**
 * What a simulation is told on the command line ({@code -Dname=value}, passed on by gatling-maven-plugin to the
 * Gatling JVM). Every property, its default and its meaning is listed in load-tests/README.md.
 *
 * @param host       the node's host
 * @param port       its HTTP and WebSocket port
 * @param users      simulated users in all
 * @param rate       chat messages per second, summed over all users
 * @param duration   how long they chat
 * @param runId      prefix of every username, unique per run so runs can repeat against one node
 * @param ackTimeout how long a send waits for its ack, a connect for its welcome, a check for its answer
 * @param drain      how long the end of a run waits for deliveries still on their way
 */
record LoadSettings(String host, int port, int users, double rate, Duration duration, String runId,
                    Duration ackTimeout, Duration drain) {

  static LoadSettings fromSystemProperties() {
    LoadSettings settings = new LoadSettings(
        System.getProperty("host", "127.0.0.1"),
        Integer.getInteger("port", 8080),
        Integer.getInteger("users", 200),
        Double.parseDouble(System.getProperty("rate", "500")),
        Duration.ofSeconds(Long.getLong("duration", 30L)),
        System.getProperty("runId", UUID.randomUUID().toString().substring(0, 8)),
        Duration.ofSeconds(Long.getLong("ackTimeout", 10L)),
        Duration.ofSeconds(Long.getLong("drain", 10L)));
    settings.require(settings.users >= 2, "users must be at least 2");
    settings.require(settings.rate > 0, "rate must be positive");
    settings.require(settings.runId.matches("[A-Za-z0-9]{1,12}"), "runId must be 1 to 12 letters or digits");
    return settings;
  }

  String httpBaseUrl() {
    return "http://" + host + ":" + port;
  }

  String wsBaseUrl() {
    return "ws://" + host + ":" + port;
  }

  /** The pace of one room: each room sends one message per interval, so that all rooms together send at rate. */
  Duration paceOf(int rooms) {
    return Duration.ofNanos((long) (rooms * 1e9 / rate));
  }

  void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
