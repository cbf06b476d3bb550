package io.parley.load;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stepping open-loop throughput benchmark: Parley and, side by side in the same run, the bare {@link RelayServer},
 * driven by the same generator through the same steps. Each step offers a fixed rate (warm-up, then measured
 * seconds, then a drain); a server keeps climbing while its steps pass (no loss, no duplicate, every message acked,
 * p99 delivery latency within 50 ms for 1:1, 100 ms for groups). Latency runs from each message's due time, so it is
 * corrected for coordinated omission. Arguments are {@code key=value}, see {@link BenchArgs} and load-tests/README.md.
 *
 * <pre>java -cp parley-load.jar io.parley.load.ChatBench mode=direct parley=127.0.0.1:8080 relay=127.0.0.1:8090 \
 *     start=2500 step=2500 max=60000</pre>
 */
public final class ChatBench {
  private static final double DIRECT_P99_LIMIT_MILLIS = 50;
  private static final double GROUP_P99_LIMIT_MILLIS = 100;

  private ChatBench() {
  }

  public static void main(String[] argv) throws Exception {
    BenchArgs args = BenchArgs.parse(argv);
    Probe.useTextLength(args.text());
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(args.lanes()));
    try {
      List<Lane> lanes = Lane.create(vertx, args.lanes());
      Scenario scenario = Scenario.of(args);
      List<LoadGenerator> generators = new ArrayList<>();
      if (args.relay() != null) {
        generators.add(LoadGenerator.connect(vertx, lanes, new RelayProtocol(args.relay()), scenario));
      }
      for (BenchArgs.Node node : args.parley()) {
        generators.add(LoadGenerator.connect(vertx, lanes, new ParleyProtocol(vertx, node), scenario));
      }
      double limit = args.groupMode() ? GROUP_P99_LIMIT_MILLIS : DIRECT_P99_LIMIT_MILLIS;
      System.out.printf("mode=%s: %s; texts of %d characters; steps %d..%d by %d msg/s, each %d s warm-up + %d s "
              + "measured + up to %d s drain; pass: p99 <= %.0f ms, no loss, no duplicate, no error, all acked%n",
          args.mode(), scenario.describe(), args.text(), args.start(), args.max(), args.step(),
          args.timing().warmupSeconds(), args.timing().seconds(), args.timing().drainSeconds(), limit);
      climb(generators, args, limit);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static void printCpu(CpuWatch cpu) {
    if (!cpu.isEmpty()) {
      System.out.println("        " + cpu.since());
    }
  }

  /**
   * After one unjudged run per server at the start rate (JIT warm-up), runs each rate against every server still
   * passing, in turn, until none is or the rate passes the max. A failed step is run up to {@code retries} more times.
   */
  private static void climb(List<LoadGenerator> generators, BenchArgs args, double limit) throws Exception {
    ResultTable table = new ResultTable(System.out);
    CpuWatch cpu = new CpuWatch(args.watch());
    table.header();
    int step = 0;
    StepTiming jit = new StepTiming(0, args.jitSeconds(), args.timing().drainSeconds());
    for (LoadGenerator generator : generators) {
      if (args.jitSeconds() > 0) {
        cpu.start();
        table.warmUp(generator.runStep(step++, args.start(), jit, limit));
        printCpu(cpu);
      }
    }
    List<LoadGenerator> climbing = new ArrayList<>(generators);
    for (int rate = args.start(); rate <= args.max() && !climbing.isEmpty(); rate += args.step()) {
      for (Iterator<LoadGenerator> each = climbing.iterator(); each.hasNext(); ) {
        LoadGenerator generator = each.next();
        cpu.start();
        StepResult result = generator.runStep(step++, rate, args.timing(), limit);
        table.add(result);
        printCpu(cpu);
        for (int retry = 0; retry < args.retries() && !result.passed(); retry++) {
          cpu.start();
          result = generator.runStep(step++, rate, args.timing(), limit);
          table.add(result);
          printCpu(cpu);
        }
        if (!result.passed()) {
          table.stopped(result);
          each.remove();
        }
      }
    }
    table.summary(generators.stream().map(LoadGenerator::name).toList(), args.max());
    for (LoadGenerator generator : generators) {
      long closed = generator.closedConnections();
      if (closed > 0) {
        System.out.printf("%s closed %d of the bench's connections%n", generator.name(), closed);
      }
    }
  }
}
