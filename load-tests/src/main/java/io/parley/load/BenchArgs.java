package io.parley.load;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link ChatBench}'s arguments, given as {@code key=value}. Rates are messages per second offered in total; a group
 * message is delivered to {@code size - 1} members. {@code jit} is the unjudged first run, at the start rate, that
 * warms both JITs; {@code retries} is how many more times a failed step is run before its server stops climbing;
 * {@code text} is the length of every message text in characters (plain ASCII). {@code parley} is one node or
 * several, comma-separated, each {@code host:port} or {@code host:port/name}: several are climbed side by side, e.g.
 * one node on the embedded store and one on Cassandra. {@code watch} is {@code name:pid,...}, processes whose CPU
 * use is printed after each step.
 */
record BenchArgs(String mode, List<Node> parley, Address relay, int start, int step, int max, StepTiming timing,
                 int jitSeconds, int retries, int pairs, int groups, int size, int lanes, int text,
                 List<CpuWatch.Watched> watch) {
  private static final Set<String> KEYS = Set.of("mode", "parley", "relay", "start", "step", "max", "warmup",
      "seconds", "drain", "jit", "retries", "pairs", "groups", "size", "lanes", "text", "watch");

  /** A host and port. */
  record Address(String host, int port) {
    static Address parse(String hostPort) {
      int colon = hostPort.lastIndexOf(':');
      return new Address(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
  }

  /**
   * A Parley system to climb, and the name its rows carry: one node, or several nodes of one cluster given as
   * {@code host:port+host:port...}, user k then connecting to the k-th modulo their number (accounts are made on the
   * first).
   */
  record Node(String name, List<Address> addresses) {
    static List<Node> parseAll(String list) {
      return Arrays.stream(list.split(",")).map(item -> {
        int slash = item.indexOf('/');
        String nodes = slash < 0 ? item : item.substring(0, slash);
        return new Node(slash < 0 ? "parley" : item.substring(slash + 1),
            Arrays.stream(nodes.split("\\+")).map(Address::parse).toList());
      }).toList();
    }
  }

  /** Each {@code key=value} argument by its key; an argument of another shape or key is refused. */
  static Map<String, String> keyValues(String[] args, Set<String> keys) {
    Map<String, String> given = new HashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      String key = equals < 0 ? arg : arg.substring(0, equals);
      if (equals < 0 || !keys.contains(key)) {
        throw new IllegalArgumentException("unknown argument " + arg + "; expected key=value with key in " + keys);
      }
      given.put(key, arg.substring(equals + 1));
    }
    return given;
  }

  static BenchArgs parse(String[] args) {
    Map<String, String> given = keyValues(args, KEYS);
    String mode = given.getOrDefault("mode", "direct");
    if (!mode.equals("direct") && !mode.equals("group")) {
      throw new IllegalArgumentException("mode must be direct or group");
    }
    BenchArgs parsed = new BenchArgs(mode, Node.parseAll(given.getOrDefault("parley", "127.0.0.1:8080")),
        given.containsKey("relay") ? Address.parse(given.get("relay")) : null,
        number(given, "start", 1000), number(given, "step", 1000), number(given, "max", 100_000),
        new StepTiming(number(given, "warmup", 3), number(given, "seconds", 10), number(given, "drain", 5)),
        number(given, "jit", 20), number(given, "retries", 0),
        number(given, "pairs", 100), number(given, "groups", 10), number(given, "size", 100),
        number(given, "lanes", 2), number(given, "text", Probe.DEFAULT_TEXT_LENGTH),
        given.containsKey("watch") ? CpuWatch.Watched.parseAll(given.get("watch")) : List.of());
    if (parsed.parley().stream().map(Node::name).distinct().count() < parsed.parley().size()) {
      throw new IllegalArgumentException("each of several parley nodes needs a name of its own: host:port/name");
    }
    if (!parsed.groupMode() && parsed.parley().stream()
        .anyMatch(node -> node.addresses().size() > 1 && parsed.pairs() % node.addresses().size() == 0)) {
      // sender k writes to user pairs + k: with pairs a multiple of the nodes, both would be on one node
      throw new IllegalArgumentException("pairs must not be a multiple of a cluster's node count");
    }
    if (parsed.size() < 2 || parsed.size() > 100) {
      throw new IllegalArgumentException("size must be 2 to 100 (Parley's largest group)");
    }
    if (parsed.text() < Probe.DEFAULT_TEXT_LENGTH || parsed.text() > 99_999) {
      throw new IllegalArgumentException("text must be " + Probe.DEFAULT_TEXT_LENGTH + " to 99999 characters");
    }
    return parsed;
  }

  private static int number(Map<String, String> given, String key, int fallback) {
    return given.containsKey(key) ? Integer.parseInt(given.get(key)) : fallback;
  }

  boolean groupMode() {
    return mode.equals("group");
  }
}
