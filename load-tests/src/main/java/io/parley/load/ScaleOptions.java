package io.parley.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The command line of {@link ConnectionScale}; a child process gets its share of it plus its slice of users. */
record ScaleOptions(String host, int port, int connections, Path users, List<String> sources, int processes,
    int inFlight, int stormInFlight, int holdSeconds, long serverPid, boolean storm, int missed, int signupConcurrency,
    int first) {

  /** A child holds one socket per user plus a few hundred files; stay well below the 20,000 a process may open. */
  static final int MAX_PER_PROCESS = 15_000;

  static final String USAGE = """
      usage: ConnectionScale --connections N --users FILE [--host 127.0.0.1] [--port 8080]
               [--sources 127.0.0.2,127.0.0.3] [--processes K] [--in-flight 200] [--hold SECONDS]
               [--server-pid PID] [--storm [--missed M] [--storm-in-flight 0]] [--signup-concurrency 32]""";

  private static final Set<String> FLAGS = Set.of("--storm");
  private static final Set<String> KEYS = Set.of("--host", "--port", "--connections", "--users", "--sources",
      "--processes", "--in-flight", "--storm-in-flight", "--hold", "--server-pid", "--missed", "--signup-concurrency",
      "--child-first");

  static ScaleOptions parse(String[] args) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (FLAGS.contains(args[i])) {
        values.put(args[i], "true");
      } else if (KEYS.contains(args[i]) && i + 1 < args.length) {
        values.put(args[i], args[++i]);
      } else {
        throw new IllegalArgumentException("unknown or incomplete argument " + args[i] + "\n" + USAGE);
      }
    }
    if (!values.containsKey("--connections") || !values.containsKey("--users")) {
      throw new IllegalArgumentException("--connections and --users are required\n" + USAGE);
    }
    ScaleOptions options = new ScaleOptions(values.getOrDefault("--host", "127.0.0.1"),
        number(values, "--port", 8080), number(values, "--connections", 0), Path.of(values.get("--users")),
        Arrays.asList(values.getOrDefault("--sources", "127.0.0.1").split(",")), number(values, "--processes", 1),
        number(values, "--in-flight", 200), number(values, "--storm-in-flight", 0), number(values, "--hold", 60),
        number(values, "--server-pid", 0), values.containsKey("--storm"), number(values, "--missed", 0),
        number(values, "--signup-concurrency", 32), number(values, "--child-first", -1));
    if ((options.connections() + options.processes() - 1) / options.processes() > MAX_PER_PROCESS) {
      throw new IllegalArgumentException("at most " + MAX_PER_PROCESS + " connections per process: raise --processes");
    }
    return options;
  }

  boolean isChild() {
    return first >= 0;
  }

  /** The arguments of the child that holds users {@code [from, from + count)}. */
  List<String> childArgs(int from, int count) {
    return new ArrayList<>(List.of("--host", host, "--port", Integer.toString(port),
        "--connections", Integer.toString(count), "--users", users.toString(), "--sources", String.join(",", sources),
        "--in-flight", Integer.toString(share(inFlight)), "--storm-in-flight", Integer.toString(share(stormInFlight)),
        "--child-first", Integer.toString(from)));
  }

  private int share(int total) {
    return total <= 0 ? 0 : Math.max(1, total / processes);
  }

  private static int number(Map<String, String> values, String key, int fallback) {
    return values.containsKey(key) ? Integer.parseInt(values.get(key)) : fallback;
  }
}
