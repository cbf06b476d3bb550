package io.parley.load;

import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The child JVMs of {@link ConnectionScale}: each runs this same jar and JVM options on its slice of the users,
 * so no process holds more sockets than it may open files. Their events arrive through {@link ChildLink}.
 */
final class ChildProcesses implements AutoCloseable {
  private final List<Process> processes = new ArrayList<>();
  private final List<PrintStream> commands = new ArrayList<>();
  private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
  private final List<JsonObject> statuses = new ArrayList<>();

  /** Starts one child per argument list. */
  ChildProcesses(List<List<String>> childArgs) throws IOException {
    List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    java.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    java.addAll(List.of("-cp", System.getProperty("java.class.path"), ConnectionScale.class.getName()));
    childArgs.forEach(args -> statuses.add(new JsonObject()));
    for (List<String> args : childArgs) {
      List<String> command = new ArrayList<>(java);
      command.addAll(args);
      Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      int child = processes.size();
      processes.add(process);
      commands.add(new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8));
      Thread reader = new Thread(() -> read(child, process), "child-" + child);
      reader.setDaemon(true);
      reader.start();
    }
  }

  int size() {
    return processes.size();
  }

  void sendAll(String command) {
    commands.forEach(out -> out.println(command));
  }

  /** Waits until every child has reported {@code event}; the reports in child order. */
  List<JsonObject> awaitAll(String event, long timeoutSeconds) throws InterruptedException {
    JsonObject[] reports = new JsonObject[processes.size()];
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    for (int received = 0; received < reports.length; ) {
      JsonObject next = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (next == null) {
        throw new IllegalStateException("children did not all report " + event + " within " + timeoutSeconds + " s");
      }
      if (!next.getString("event").equals(event)) {
        throw new IllegalStateException("child " + next.getInteger("child") + " reported " + next.getString("event")
            + " while waiting for " + event);
      }
      reports[next.getInteger("child")] = next;
      received++;
    }
    return List.of(reports);
  }

  /** The latest status line of each child. */
  synchronized List<JsonObject> statuses() {
    return List.copyOf(statuses);
  }

  private void read(int child, Process process) {
    try (BufferedReader lines = process.inputReader(StandardCharsets.UTF_8)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        JsonObject event = ChildLink.parse(line);
        if (event == null) {
          System.out.println("[child " + child + "] " + line);
        } else if (event.getString("event").equals(ChildLink.STATUS)) {
          synchronized (this) {
            statuses.set(child, event);
          }
        } else {
          events.add(event.put("child", child));
        }
      }
    } catch (IOException e) {
      System.err.println("[child " + child + "] output lost: " + e);
    }
    events.add(new JsonObject().put("event", ChildLink.EXIT).put("child", child));
  }

  /** Closes the children's stdin, which ends them, and waits; whatever still runs after 30 s is killed. */
  @Override
  public void close() throws InterruptedException {
    commands.forEach(PrintStream::close);
    for (Process process : processes) {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
