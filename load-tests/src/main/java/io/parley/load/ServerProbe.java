package io.parley.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Measures a server JVM on this machine with jcmd and /proc: what its connections cost it. */
final class ServerProbe {
  /** "used 123456K" on a heap line of GC.heap_info, for every collector (G1 prints one line, others one per space). */
  private static final Pattern USED = Pattern.compile("\\bused (\\d+)([KMG])");

  /** A moment of the server: resident memory, live heap after a full GC, open files. */
  record Sample(long rssKb, long liveHeapKb, long openFiles) {
  }

  private final long pid;

  ServerProbe(long pid) {
    this.pid = pid;
  }

  /** Forces a full GC first (jcmd GC.run), so the heap figure is what is live, not what awaits collection. */
  Sample sample() throws IOException, InterruptedException {
    jcmd("GC.run");
    return new Sample(ProcStatus.rssKb(pid), liveHeapKb(jcmd("GC.heap_info")), ProcStatus.openFiles(pid));
  }

  /** The JVM options the server was started with, and the flags the JVM settled on (heap sizes, collector). */
  String jvmFlags() throws IOException, InterruptedException {
    String arguments = jcmd("VM.command_line").lines().filter(line -> line.startsWith("jvm_args:"))
        .findFirst().orElse("jvm_args: (none)");
    String flags = jcmd("VM.flags").lines().filter(line -> line.startsWith("-")).collect(Collectors.joining(" "));
    return arguments + "\nvm flags: " + flags;
  }

  /** The first {@code lines} lines of the class histogram: what the live heap is made of. */
  String classHistogram(int lines) throws IOException, InterruptedException {
    return jcmd("GC.class_histogram").lines().skip(1).limit(lines).collect(Collectors.joining("\n"));
  }

  static long liveHeapKb(String heapInfo) {
    return heapInfo.lines().filter(line -> !line.contains("Metaspace") && !line.contains("class space"))
        .mapToLong(ServerProbe::usedKb).sum();
  }

  private static long usedKb(String line) {
    Matcher used = USED.matcher(line);
    if (!used.find()) {
      return 0;
    }
    long value = Long.parseLong(used.group(1));
    return switch (used.group(2)) {
      case "G" -> value * 1024 * 1024;
      case "M" -> value * 1024;
      default -> value;
    };
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(pid), command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IOException("jcmd " + pid + " " + command + " failed: " + output);
    }
    return output;
  }
}
