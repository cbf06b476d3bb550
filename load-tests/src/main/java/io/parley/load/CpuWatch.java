package io.parley.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The CPU that processes on this machine (the servers, and a Cassandra behind one) use during each step, in cores:
 * CPU time over wall time, read from /proc before and after the step.
 */
final class CpuWatch {
  private static final double TICKS_PER_SECOND = 100;

  /** A process to watch and the name its figure is printed under. */
  record Watched(String name, long pid) {
    static List<Watched> parseAll(String list) {
      return List.of(list.split(",")).stream().map(item -> {
        int colon = item.lastIndexOf(':');
        return new Watched(item.substring(0, colon), Long.parseLong(item.substring(colon + 1)));
      }).toList();
    }
  }

  private final List<Watched> watched;
  private Map<Watched, Long> ticksAtStart = Map.of();
  private long nanosAtStart;

  CpuWatch(List<Watched> watched) {
    this.watched = watched;
  }

  void start() {
    ticksAtStart = ticks();
    nanosAtStart = System.nanoTime();
  }

  /** Cores each process used since {@link #start}, e.g. {@code "cpu cores: embedded 1.31, cassandra-db 0.02"}. */
  String since() {
    double seconds = (System.nanoTime() - nanosAtStart) / 1e9;
    Map<Watched, Long> now = ticks();
    return "cpu cores: " + watched.stream().map(process -> String.format("%s %.2f", process.name(),
        (now.get(process) - ticksAtStart.get(process)) / TICKS_PER_SECOND / seconds))
        .collect(Collectors.joining(", "));
  }

  boolean isEmpty() {
    return watched.isEmpty();
  }

  private Map<Watched, Long> ticks() {
    Map<Watched, Long> ticks = new LinkedHashMap<>();
    watched.forEach(process -> ticks.put(process, ProcStatus.cpuTicks(process.pid())));
    return ticks;
  }
}
