package io.parley.load;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ChainBuilder;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reconnect storm: {@code users / 2} pairs chat as in {@link ChatPairsSimulation} for {@code duration} seconds;
 * then in {@code share × users} pairs (share at most 0.5) the second member drops both its devices, all at the same
 * instant, while its partner keeps sending to it for {@code away} seconds; then all of them reconnect at the same
 * instant, sync their receiving device from its cursor ({@code sync} frames, page by page, while live frames go on
 * arriving), and everyone chats {@code after} more seconds.
 *
 * <p>Measured: {@code ack}, {@code reconnect} (the new connection) and its {@code welcome} in the Gatling report;
 * printed at the end, live delivery latency, the latency of messages recovered by sync (from their send, so it
 * includes the time away), and the catch-up time from reconnecting to a caught-up inbox.
 *
 * <p>Fails the run on any failed request, when a device that came back lacks any message sent to it while away (or
 * any other), holds one twice or holds one never acked, when nothing was sent to it while it was away, and when
 * fewer than all of its devices reconnected.
 */
public class ReconnectStormSimulation extends RoomSimulation {
  private static final String DROPS = "drops";
  private final StormSchedule schedule;

  {
    settings.require(settings.users() % 2 == 0, "users must be even: they chat in pairs");
    double share = Double.parseDouble(System.getProperty("share", "0.5"));
    settings.require(share > 0 && share <= 0.5, "share must be above 0 and at most 0.5: each user that drops has a "
        + "partner that stays to send to it");
    Duration away = Duration.ofSeconds(Long.getLong("away", 5L));
    Duration after = Duration.ofSeconds(Long.getLong("after", 5L));
    int pairs = settings.users() / 2;
    int dropping = (int) Math.round(share * settings.users());
    schedule = new StormSchedule(pairs, settings.duration(), away);
    AtomicInteger pairsSoFar = new AtomicInteger();
    run(scenario("storm").exec(
        steps.openRoom(2, settings.paceOf(pairs)),
        exec(session -> session.set(DROPS, pairsSoFar.getAndIncrement() < dropping)),
        steps.signUpAll(),
        steps.connectAll(),
        schedule.gather(),
        steps.startSending(),
        steps.chatUntil(session -> schedule.dropAt()),
        doIf(session -> session.getBoolean(DROPS)).then(dropAndComeBack()),
        steps.chatUntil(session -> schedule.backAt() + after.toMillis()),
        verification.drainAndVerify(),
        steps.closeAll()),
        pairs, settings.duration().plus(away).plus(after),
        details("reconnect").successfulRequests().count().is(2L * dropping));
  }

  @Override
  public void after() {
    super.after();
    schedule.print();
  }

  private ChainBuilder dropAndComeBack() {
    return exec(
        schedule.waitForDrop(),
        RoomSession.forMember(1, steps.closeMember("drop")),
        steps.chatUntil(session -> schedule.backAt()),
        schedule.waitForReconnect(),
        RoomSession.forMember(1, steps.reconnectMember()));
  }
}
