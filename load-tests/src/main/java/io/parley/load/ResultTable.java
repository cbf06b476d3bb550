package io.parley.load;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints each step as it ends, then each server's highest passing rate and the ratio of Parley's to the relay's. */
final class ResultTable {
  private static final String ROW = "%-7s %7s %8s %8s %8s %8s %8s %8s %9s %9s %10s %8s %5s %5s  %s%n";

  private final PrintStream out;
  private final Map<String, StepResult> best = new LinkedHashMap<>();
  private final Map<String, StepResult> broke = new LinkedHashMap<>();

  ResultTable(PrintStream out) {
    this.out = out;
  }

  void header() {
    out.printf(ROW, "target", "msg/s", "deliv/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "sent",
        "acked", "delivered", "lost", "dup", "err", "result");
  }

  /** Prints a judged step. */
  void add(StepResult step) {
    row(step, step.passed() ? "pass" : failure(step));
    if (step.passed()) {
      best.merge(step.target(), step, (before, now) -> now.rate() > before.rate() ? now : before);
    }
  }

  void warmUp(StepResult step) {
    row(step, "JIT warm-up, not judged");
  }

  /** The step at which {@code step.target()} stopped climbing. */
  void stopped(StepResult step) {
    broke.put(step.target(), step);
  }

  private void row(StepResult step, String verdict) {
    out.printf(ROW, step.target(), step.rate(), step.deliveriesPerSecond(), ms(step.millisAt(50)),
        ms(step.millisAt(90)), ms(step.millisAt(99)), ms(step.millisAt(99.9)), ms(step.maxMillis()), step.sent(),
        step.acked() == StepResult.NO_ACKS ? "-" : Long.toString(step.acked()), step.delivered(), step.lost(),
        step.duplicates(), step.errors(), verdict);
  }

  /** Each target's highest passing rate and, for two targets, the second's over the first's (Parley/relay). */
  void summary(List<String> targets, int maxRate) {
    out.println();
    for (String target : targets) {
      StepResult top = best.get(target);
      String held = top == null ? "no step passed"
          : "held " + top.rate() + " msg/s = " + top.deliveriesPerSecond() + " deliveries/s";
      String end = broke.containsKey(target) ? "broke at " + broke.get(target).rate() + " msg/s"
          : "did not break by max=" + maxRate + " (its capacity is higher)";
      out.printf("%-7s %s; %s%n", target, held, end);
    }
    if (targets.size() == 2 && best.containsKey(targets.get(0)) && best.containsKey(targets.get(1))) {
      out.printf("%s/%s = %.2f%n", targets.get(1), targets.get(0),
          (double) best.get(targets.get(1)).rate() / best.get(targets.get(0)).rate());
    }
  }

  private static String ms(double millis) {
    return String.format("%.2f", millis);
  }

  private static String failure(StepResult step) {
    return "FAIL" + (step.errors() > 0 ? " (last error " + step.lastError() + ")" : "");
  }
}
