package io.parley.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.List;

/**
 * One lane's share of a step: of the step's messages it sends every {@code stride}-th, starting at its own offset,
 * each from the next of its senders in turn. A 1 ms timer on the lane sends whatever has come due, so a late tick
 * only delays messages whose due time (and so their measured latency) stays as planned.
 */
final class Schedule {
  private static final long TICK_MILLIS = 1;

  /** A sender on this lane and where it writes. */
  record Outgoing(Client sender, ChatProtocol.Target to) {
  }

  private final Lane lane;
  private final ChatProtocol protocol;
  private final List<Outgoing> outgoing;

  Schedule(Lane lane, ChatProtocol protocol, List<Outgoing> outgoing) {
    if (outgoing.isEmpty()) {
      throw new IllegalArgumentException("every lane needs a sender: use at least as many senders as lanes");
    }
    this.lane = lane;
    this.protocol = protocol;
    this.outgoing = outgoing;
  }

  /** Sends this lane's share of {@code plan}; completes once all of it is written. */
  Future<Void> run(StepPlan plan, StepMeter meter, int offset, int stride) {
    Promise<Void> done = Promise.promise();
    Pass pass = new Pass(plan, meter, offset, stride, done);
    lane.every(TICK_MILLIS, pass::tick);
    return done.future();
  }

  /** The progress of one run; touched only on the lane. */
  private final class Pass {
    private final StepPlan plan;
    private final StepMeter meter;
    private final int stride;
    private final Promise<Void> done;
    private long next;
    private long sentHere;

    Pass(StepPlan plan, StepMeter meter, int offset, int stride, Promise<Void> done) {
      this.plan = plan;
      this.meter = meter;
      this.next = offset;
      this.stride = stride;
      this.done = done;
    }

    void tick(long timerId) {
      long now = System.nanoTime();
      while (next < plan.total() && plan.dueNanos(next) <= now) {
        Outgoing out = outgoing.get((int) (sentHere++ % outgoing.size()));
        Probe probe = new Probe(plan.step(), next, plan.dueNanos(next));
        out.sender().send(protocol.sendFrame(out.to(), probe.clientMessageId(), probe.text()));
        meter.sent();
        next += stride;
      }
      if (next >= plan.total()) {
        lane.cancel(timerId);
        done.tryComplete();
      }
    }
  }
}
