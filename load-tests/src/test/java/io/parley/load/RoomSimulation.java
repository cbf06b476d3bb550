package io.parley.load;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the simulations share: their settings, their delivery statistics printed at the end, and how a scenario of
 * rooms (one virtual user each, all started at once) is run and judged.
 */
abstract class RoomSimulation extends Simulation {
  /** Time for signing up and connecting, on top of the phases a run is asked for, before Gatling stops it. */
  private static final Duration SETUP_ALLOWANCE = Duration.ofMinutes(2);

  final LoadSettings settings = LoadSettings.fromSystemProperties();
  final DeliveryStats stats = new DeliveryStats();
  final RoomSteps steps = new RoomSteps(settings, stats);
  final Verification verification = new Verification(settings);

  /**
   * Runs {@code rooms} virtual users of {@code scenario}, for the time of its {@code phases} and a margin; every one
   * of the run's users must pass verification, and the {@code extra} assertions hold.
   */
  void run(ScenarioBuilder scenario, int rooms, Duration phases, Assertion... extra) {
    List<Assertion> assertions = new ArrayList<>(Verification.verdicts(settings.users()));
    assertions.addAll(List.of(extra));
    setUp(scenario.injectOpen(atOnceUsers(rooms)))
        .protocols(steps.protocol())
        .maxDuration(SETUP_ALLOWANCE.plus(phases).plus(settings.drain()))
        .assertions(assertions);
  }

  @Override
  public void after() {
    stats.print(getClass().getSimpleName(), settings);
  }
}
