package io.parley.load;

import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What one registered user address costs a vertx-hazelcast cluster, on three {@link BusMember}s in JVMs of their
 * own, each registering {@code users} addresses as a Parley node registers its connected users: the registration
 * rate, the live heap each member gains per registration, the cluster lookups a publish to an offline user costs
 * (against a control of online users), and what a {@code kill -9} of a member does: when the survivors learn of it,
 * when its entries are gone from {@code __vertx.subs}, when a sample of its users, re-registered on a survivor as
 * reconnecting devices would, is reached again, whether the survivors' own users miss anything meanwhile, and the
 * CPU it costs them. Args {@code key=value}: users (19000), loops (2: event loops registering, a node's gateway
 * instances), sample (500 addresses probed), period (250 ms between probe rounds), probe (40 s of probing),
 * errors (file for the members' standard error). The JVM options are the members' too.
 */
public final class BusRegistrationBench {
  private static final long TIMEOUT_SECONDS = 1800;
  private static final String[] TAGS = {"a", "b", "c"};

  private final int users;
  private final int sample;
  private final int periodMs;
  private final int rounds;
  private final ChildProcesses members;
  private final List<ServerProbe> probes = new ArrayList<>();

  private BusRegistrationBench(Map<String, String> args) throws Exception {
    users = Integer.parseInt(args.getOrDefault("users", "19000"));
    sample = Integer.parseInt(args.getOrDefault("sample", "500"));
    periodMs = Integer.parseInt(args.getOrDefault("period", "250"));
    rounds = Integer.parseInt(args.getOrDefault("probe", "40")) * 1000 / periodMs;
    String name = "bench-" + UUID.randomUUID();
    int base = 15701 + (int) (ProcessHandle.current().pid() % 50) * 10;
    String list = "127.0.0.1:" + base + ",127.0.0.1:" + (base + 1) + ",127.0.0.1:" + (base + 2);
    List<List<String>> memberArgs = new ArrayList<>();
    for (int i = 0; i < TAGS.length; i++) {
      memberArgs.add(List.of(name, Integer.toString(base + i), Integer.toString(base + 5 + i), list,
          args.getOrDefault("loops", "2")));
    }
    members = new ChildProcesses(BusMember.class, memberArgs,
        ProcessBuilder.Redirect.appendTo(Path.of(args.getOrDefault("errors", "bus-members.log")).toFile()));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> given = new HashMap<>();
    for (String arg : args) {
      given.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    BusRegistrationBench bench = new BusRegistrationBench(given);
    try {
      bench.run();
    } finally {
      bench.members.close();
    }
    System.exit(0);
  }

  private void run() throws Exception {
    for (int i = 0; i < TAGS.length; i++) {
      members.await(i, "ready", 120);
      probes.add(new ServerProbe(members.pid(i)));
    }
    System.out.printf("three members, pids %d %d %d; %s%n", members.pid(0), members.pid(1), members.pid(2),
        probes.get(0).jvmFlags());
    registrations();
    lookups();
    killOne();
  }

  private void registrations() throws Exception {
    List<ServerProbe.Sample> before = samples();
    System.out.printf("%n== registration: %,d addresses on each member, one after the other%n", users);
    for (int i = 0; i < TAGS.length; i++) {
      JsonObject done = ask(i, "register " + TAGS[i] + " 0 " + users, "registered");
      System.out.printf("member %d: %,d in %.0f ms, %,.0f registrations/s%n", i, users, done.getDouble("ms"),
          users * 1000 / done.getDouble("ms"));
    }
    List<ServerProbe.Sample> after = samples();
    int total = users * TAGS.length;
    for (int i = 0; i < TAGS.length; i++) {
      JsonObject stats = ask(i, "stats", "stats");
      long grown = after.get(i).liveHeapKb() - before.get(i).liveHeapKb();
      System.out.printf("member %d: live heap %,d -> %,d KB: %.0f bytes per registration in the cluster "
              + "(%,d its own), %,d entries owned and %,d backups of __vertx.subs%n", i, before.get(i).liveHeapKb(),
          after.get(i).liveHeapKb(), grown * 1024.0 / total, users, stats.getLong("ownedEntries"),
          stats.getLong("backupEntries"));
    }
  }

  private void lookups() throws Exception {
    System.out.printf("%n== lookups: member 2 publishes to each of 100 users 10 times, 100 ms apart%n");
    lookupsFor("offline users (no consumer anywhere)", "publish none 0 100 10");
    lookupsFor("online users (registered on member 0)", "publish a 0 100 10");
  }

  private void lookupsFor(String whose, String command) throws Exception {
    long gets = subsGets();
    JsonObject published = ask(2, command, "published");
    long asked = subsGets() - gets;
    System.out.printf("%s: %,d gets of __vertx.subs for %d messages: %.2f per message%n", whose, asked,
        published.getInteger("messages"), asked / (double) published.getInteger("messages"));
  }

  private void killOne() throws Exception {
    int stride = users / sample;
    System.out.printf("%n== kill -9 of member 0 holding %,d registrations; its users re-register on member 1%n", users);
    ask(2, "publish a 0 " + users + " 1", "published");
    members.send(2, "probe moved a " + sample + " " + stride + " " + periodMs + " " + rounds);
    members.send(2, "probe steady b " + sample + " " + stride + " " + periodMs + " " + rounds);
    Thread.sleep(5000);
    long[] cpuBefore = {ProcStatus.cpuTicks(members.pid(1)), ProcStatus.cpuTicks(members.pid(2))};
    long killedAt = System.currentTimeMillis();
    members.kill(0);
    members.send(1, "register a 0 " + users);
    long cleanedAt = 0;
    while (cleanedAt == 0 && System.currentTimeMillis() - killedAt < TIMEOUT_SECONDS * 1000) {
      long stale = ask(2, "stale a " + sample + " " + stride, "stale").getLong("stale");
      if (stale == 0) {
        cleanedAt = System.currentTimeMillis();
      } else {
        Thread.sleep(200);
      }
    }
    JsonObject reRegistered = members.await(1, "registered", TIMEOUT_SECONDS);
    JsonObject moved = members.await(2, "probed", TIMEOUT_SECONDS);
    members.await(2, "probed", TIMEOUT_SECONDS);
    long[] cpuAfter = {ProcStatus.cpuTicks(members.pid(1)), ProcStatus.cpuTicks(members.pid(2))};
    long firstAt = moved.getLong("firstAt");
    for (int i = 1; i < TAGS.length; i++) {
      System.out.printf("member %d heard of the death %d ms after the kill%n", i,
          ask(i, "stats", "stats").getLong("memberLeftAt") - killedAt);
    }
    System.out.printf("the dead member's entries gone from the sample (as member 2 reads __vertx.subs): %d ms%n",
        cleanedAt - killedAt);
    System.out.printf("member 1 re-registered the %,d users in %.0f ms (%,.0f/s) from the kill on%n", users,
        reRegistered.getDouble("ms"), users * 1000 / reRegistered.getDouble("ms"));
    JsonObject movedSeen = ask(1, "seen moved", "seen").getJsonObject("rounds");
    int settled = rounds;
    while (settled > 0 && movedSeen.getLong(Integer.toString(settled - 1), 0L) == sample) {
      settled--;
    }
    System.out.printf("moved users reached on member 1 by every round sent from %d ms after the kill on "
        + "(round %d of %d)%n", firstAt + (long) settled * periodMs - killedAt, settled, rounds);
    JsonObject steadySeen = ask(1, "seen steady", "seen").getJsonObject("rounds");
    long missed = 0;
    int short_ = 0;
    for (int round = 0; round < rounds; round++) {
      long got = steadySeen.getLong(Integer.toString(round), 0L);
      missed += sample - got;
      short_ += got < sample ? 1 : 0;
    }
    System.out.printf("member 1's own users, published to by member 2 throughout: %d of %,d messages missed, "
        + "in %d rounds%n", missed, (long) rounds * sample, short_);
    double seconds = (System.currentTimeMillis() - killedAt) / 1000.0;
    System.out.printf("survivors' CPU from the kill to the end of the probe (%.1f s): member 1 %.2f cores, "
        + "member 2 %.2f cores%n", seconds, (cpuAfter[0] - cpuBefore[0]) / 100.0 / seconds,
        (cpuAfter[1] - cpuBefore[1]) / 100.0 / seconds);
    for (int i = 1; i < TAGS.length; i++) {
      System.out.printf("member %d live heap after: %,d KB%n", i, probes.get(i).sample().liveHeapKb());
    }
  }

  private long subsGets() throws Exception {
    long gets = 0;
    for (int i = 0; i < TAGS.length; i++) {
      gets += ask(i, "stats", "stats").getLong("gets");
    }
    return gets;
  }

  private List<ServerProbe.Sample> samples() throws Exception {
    List<ServerProbe.Sample> samples = new ArrayList<>();
    for (ServerProbe probe : probes) {
      samples.add(probe.sample());
    }
    return samples;
  }

  private JsonObject ask(int member, String command, String answer) throws InterruptedException {
    members.send(member, command);
    return members.await(member, answer, TIMEOUT_SECONDS);
  }
}
