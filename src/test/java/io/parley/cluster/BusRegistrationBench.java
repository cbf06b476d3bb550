package io.parley.cluster;

import io.parley.e2e.support.FreePort;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What holding users costs a vertx-hazelcast cluster, on three {@link BusMember}s in JVMs of their own, each holding
 * {@code users} users as a node holds its connected users, in one {@code mode}: {@code subs} (a clustered consumer
 * per user, as nodes did before the user directory) or {@code directory} ({@link ClusterUserDirectory}, as they do
 * now). It prints the registration rate, the live heap each member gains per user held in the cluster, the cluster
 * map reads a publish to an offline user costs (against a control of online users), and what a {@code kill -9} of a
 * member does: when the survivors learn of it, when its entries are gone from a sample of its users, when that sample,
 * held again by a survivor as reconnecting devices would be, is reached by every probe round, what the survivors' own
 * users missed meanwhile, and the CPU it all costs them. Args {@code key=value}: mode (directory), users (19000),
 * sample (500 users probed), period (250 ms between probe rounds), probe (40 s of probing), errors (the members'
 * standard error, a file). The JVM options are the members' too. {@code load-tests/bus-registrations.sh} runs it.
 */
public final class BusRegistrationBench {
  /** The start of a member's answer line on its stdout. */
  static final String REPORT = "@member ";
  private static final long TIMEOUT_SECONDS = 1800;
  private static final String[] TAGS = {"a", "b", "c"};
  private static final Pattern USED = Pattern.compile("\\bused (\\d+)K");

  private final int users;
  private final int sample;
  private final int periodMs;
  private final int rounds;
  private final List<Process> members = new ArrayList<>();
  private final List<PrintStream> commands = new ArrayList<>();
  private final List<BlockingQueue<JsonObject>> answers = new ArrayList<>();

  private BusRegistrationBench(Map<String, String> args) throws IOException {
    users = Integer.parseInt(args.getOrDefault("users", "19000"));
    sample = Integer.parseInt(args.getOrDefault("sample", "500"));
    periodMs = Integer.parseInt(args.getOrDefault("period", "250"));
    rounds = Integer.parseInt(args.getOrDefault("probe", "40")) * 1000 / periodMs;
    String name = "bench-" + UUID.randomUUID();
    List<Integer> ports = List.of(FreePort.pick(), FreePort.pick(), FreePort.pick());
    String list = String.join(",", ports.stream().map(port -> "127.0.0.1:" + port).toList());
    List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    java.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    java.addAll(List.of("-cp", System.getProperty("java.class.path"), BusMember.class.getName()));
    ProcessBuilder.Redirect errors =
        ProcessBuilder.Redirect.appendTo(Path.of(args.getOrDefault("errors", "bus-members.log")).toFile());
    for (int port : ports) {
      List<String> command = new ArrayList<>(java);
      command.addAll(List.of(args.getOrDefault("mode", "directory"), name, Integer.toString(port), list));
      Process member = new ProcessBuilder(command).redirectError(errors).start();
      BlockingQueue<JsonObject> queue = new LinkedBlockingQueue<>();
      members.add(member);
      answers.add(queue);
      commands.add(new PrintStream(member.getOutputStream(), true, StandardCharsets.UTF_8));
      Thread reader = new Thread(() -> read(member, queue), "member-" + port);
      reader.setDaemon(true);
      reader.start();
    }
  }

  /** A member's answer to the bench. */
  static void report(String event, JsonObject body) {
    System.out.println(REPORT + body.copy().put("event", event).encode());
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> given = new HashMap<>();
    for (String arg : args) {
      given.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    BusRegistrationBench bench = new BusRegistrationBench(given);
    System.out.println("mode=" + given.getOrDefault("mode", "directory") + " " + given);
    try {
      bench.run();
    } finally {
      bench.members.forEach(Process::destroyForcibly);
    }
    System.exit(0);
  }

  private static void read(Process member, BlockingQueue<JsonObject> queue) {
    try (BufferedReader lines = member.inputReader(StandardCharsets.UTF_8)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith(REPORT)) {
          queue.add(new JsonObject(line.substring(REPORT.length())));
        } else {
          System.out.println("[member " + member.pid() + "] " + line);
        }
      }
    } catch (IOException e) {
      System.err.println("member output lost: " + e);
    }
  }

  private void run() throws Exception {
    for (int i = 0; i < TAGS.length; i++) {
      await(i, "ready");
    }
    System.out.printf("three members, pids %d %d %d; JVM %s%n", members.get(0).pid(), members.get(1).pid(),
        members.get(2).pid(), ManagementFactory.getRuntimeMXBean().getInputArguments());
    registrations();
    lookups();
    killOne();
  }

  private void registrations() throws Exception {
    long[] before = liveHeaps();
    System.out.printf("%n== holding %,d users on each member, one member after the other%n", users);
    for (int i = 0; i < TAGS.length; i++) {
      JsonObject done = ask(i, "register " + TAGS[i] + " " + users, "registered");
      System.out.printf("member %d: %,d in %.0f ms, %,.0f users/s%s%n", i, users, done.getDouble("ms"),
          users * 1000 / done.getDouble("ms"), done.getBoolean("ok") ? "" : " (SOME FAILED)");
    }
    long[] after = liveHeaps();
    for (int i = 0; i < TAGS.length; i++) {
      System.out.printf("member %d: live heap %,d -> %,d KB: %.0f bytes per user held in the cluster%n", i,
          before[i], after[i], (after[i] - before[i]) * 1024.0 / (users * TAGS.length));
    }
  }

  private void lookups() throws Exception {
    System.out.printf("%n== map reads: member 2 publishes to each of 100 users 10 times, 100 ms apart%n");
    lookupsFor("offline users (held nowhere)", "publish none 100 10");
    lookupsFor("online users (held on member 0)", "publish a 100 10");
  }

  private void lookupsFor(String whose, String command) throws Exception {
    long[] gets = gets();
    JsonObject published = ask(2, command, "published");
    long[] now = gets();
    double messages = published.getInteger("messages");
    System.out.printf("%s: %.2f __vertx.subs gets and %.2f directory gets per message%n", whose,
        (now[0] - gets[0]) / messages, (now[1] - gets[1]) / messages);
  }

  private void killOne() throws Exception {
    int stride = users / sample;
    System.out.printf("%n== kill -9 of member 0 holding %,d users; member 1 holds them again%n", users);
    ask(2, "publish a " + users + " 1", "published");
    commands.get(2).println("probe moved a " + sample + " " + stride + " " + periodMs + " " + rounds);
    commands.get(2).println("probe steady b " + sample + " " + stride + " " + periodMs + " " + rounds);
    Thread.sleep(5000);
    long[] cpuBefore = {cpuTicks(1), cpuTicks(2)};
    long killedAt = System.currentTimeMillis();
    members.get(0).destroyForcibly();
    commands.get(1).println("register a " + users);
    long cleanedAt = 0;
    while (cleanedAt == 0 && System.currentTimeMillis() - killedAt < TIMEOUT_SECONDS * 1000) {
      if (ask(2, "stale a " + sample + " " + stride, "stale").getLong("stale") == 0) {
        cleanedAt = System.currentTimeMillis();
      } else {
        Thread.sleep(200);
      }
    }
    JsonObject heldAgain = await(1, "registered");
    long firstAt = await(2, "probed").getLong("firstAt");
    await(2, "probed");
    // the last round's publishes are still on their way (a directory publish reads the map first)
    Thread.sleep(1000);
    long[] cpuAfter = {cpuTicks(1), cpuTicks(2)};
    double seconds = (System.currentTimeMillis() - killedAt) / 1000.0;
    for (int i = 1; i < TAGS.length; i++) {
      System.out.printf("member %d heard of the death %d ms after the kill%n", i,
          ask(i, "stats", "stats").getLong("memberLeftAt") - killedAt);
    }
    System.out.printf("no user of the sample mapped to the dead member any more (as member 2 reads it): %d ms%n",
        cleanedAt - killedAt);
    System.out.printf("member 1 held the %,d users again in %.0f ms (%,.0f/s), from the kill on%n", users,
        heldAgain.getDouble("ms"), users * 1000 / heldAgain.getDouble("ms"));
    JsonObject seenMoved = ask(1, "seen moved", "seen");
    JsonObject moved = seenMoved.getJsonObject("rounds");
    int settled = rounds;
    while (settled > 0 && moved.getLong(Integer.toString(settled - 1), 0L) == sample) {
      settled--;
    }
    // a round leaves when it was due, or later when its publishes queue behind map reads
    Long settledArrival = seenMoved.getJsonObject("arrived").getLong(Integer.toString(settled));
    System.out.printf("the moved sample reached on member 1 by every round from round %d of %d on (due %d ms after "
        + "the kill, all of it arrived %s ms after the kill)%n", settled, rounds,
        firstAt + (long) settled * periodMs - killedAt, settledArrival == null ? "?" : settledArrival - killedAt);
    JsonObject steady = ask(1, "seen steady", "seen").getJsonObject("rounds");
    long missed = 0;
    List<String> short_ = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      long got = steady.getLong(Integer.toString(round), 0L);
      missed += sample - got;
      if (got < sample) {
        short_.add(got + " at " + (firstAt + (long) round * periodMs - killedAt) + " ms");
      }
    }
    System.out.printf("member 1's own users, published to by member 2 throughout: %d of %,d messages missed%s%n",
        missed, (long) rounds * sample, short_.isEmpty() ? "" : " (rounds short: " + short_ + ")");
    System.out.printf("survivors' CPU from the kill to the end of the probe (%.1f s): member 1 %.2f cores, "
        + "member 2 %.2f cores%n", seconds, (cpuAfter[0] - cpuBefore[0]) / 100.0 / seconds,
        (cpuAfter[1] - cpuBefore[1]) / 100.0 / seconds);
  }

  private long[] gets() throws Exception {
    long[] gets = new long[2];
    for (int i = 0; i < TAGS.length; i++) {
      JsonObject stats = ask(i, "stats", "stats");
      gets[0] += stats.getLong("subsGets");
      gets[1] += stats.getLong("directoryGets");
    }
    return gets;
  }

  /** Each member's live heap in KB, after a full GC (jcmd). */
  private long[] liveHeaps() throws Exception {
    long[] heaps = new long[TAGS.length];
    for (int i = 0; i < TAGS.length; i++) {
      jcmd(members.get(i).pid(), "GC.run");
      Matcher used = USED.matcher(jcmd(members.get(i).pid(), "GC.heap_info"));
      heaps[i] = used.find() ? Long.parseLong(used.group(1)) : -1;
    }
    return heaps;
  }

  private static String jcmd(long pid, String command) throws Exception {
    Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(pid), command).redirectErrorStream(true).start();
    String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    jcmd.waitFor(60, TimeUnit.SECONDS);
    return output;
  }

  /** User and system CPU of member {@code i}, in clock ticks (1/100 s). */
  private long cpuTicks(int i) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(members.get(i).pid()), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private JsonObject ask(int member, String command, String event) throws InterruptedException {
    commands.get(member).println(command);
    return await(member, event);
  }

  /** The member's next answer, which must be {@code event}; other answers of it wait in its queue. */
  private JsonObject await(int member, String event) throws InterruptedException {
    BlockingQueue<JsonObject> queue = answers.get(member);
    List<JsonObject> other = new ArrayList<>();
    try {
      while (true) {
        JsonObject next = queue.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (next == null) {
          throw new IllegalStateException("member " + member + " did not answer " + event);
        }
        if (next.getString("event").equals(event)) {
          return next;
        }
        other.add(next);
      }
    } finally {
      // put back what another wait is for, in front of what arrived after it
      List<JsonObject> rest = new ArrayList<>();
      queue.drainTo(rest);
      queue.addAll(other);
      queue.addAll(rest);
    }
  }
}
