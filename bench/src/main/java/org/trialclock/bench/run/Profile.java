package org.trialclock.bench.run;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Java Flight Recording of schedule-service during a burst: started and stopped with jcmd on the running process
 * (no restart, no flag on its command line), then summed up: CPU samples per thread, the methods they were in
 * (self), the libraries on the stack (inclusive), and where the threads waited on a socket.
 */
final class Profile {
    private final long pid;
    private final Path file;

    Profile(long pid, Path file) {
        this.pid = pid;
        this.file = file.toAbsolutePath();
    }

    void start() throws IOException, InterruptedException {
        jcmd("JFR.start", "name=bench", "settings=profile", "filename=" + file);
    }

    void stop() throws IOException, InterruptedException {
        jcmd("JFR.stop", "name=bench");
    }

    private void jcmd(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("jcmd", Long.toString(pid)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + String.join(" ", args) + ": " + out);
        }
    }

    private static final Map<String, String> LIBRARIES = new LinkedHashMap<>();

    static {
        LIBRARIES.put("dispatcher (Dispatcher.dispatchBatch)", "org.trialclock.schedule.dispatch.Dispatcher.dispatchBatch");
        LIBRARIES.put("outbox relay (OutboxRelay)", "org.trialclock.outbox.OutboxRelay");
        LIBRARIES.put("Hibernate ORM", "org.hibernate.");
        LIBRARIES.put("PostgreSQL JDBC", "org.postgresql.");
        LIBRARIES.put("Agroal pool / Narayana", "io.agroal.|com.arjuna.");
        LIBRARIES.put("Kafka client", "org.apache.kafka.");
        LIBRARIES.put("SmallRye reactive messaging", "io.smallrye.reactive.messaging");
        LIBRARIES.put("Jackson", "com.fasterxml.jackson.");
        LIBRARIES.put("JIT/GC (no Java frame)", "");
    }

    /** The summary as lines of text, for the run's log and bench/README.md. */
    List<String> summary(int top) throws IOException {
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new LinkedHashMap<>();
        Map<String, Long> socketMs = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                samples++;
                String thread = threadGroup(e.getThread("sampledThread") == null ? "?"
                        : e.getThread("sampledThread").getJavaName());
                threads.merge(thread, 1, Integer::sum);
                RecordedStackTrace st = e.getStackTrace();
                if (st == null || st.getFrames().isEmpty()) {
                    inclusive.merge("JIT/GC (no Java frame)", 1, Integer::sum);
                    continue;
                }
                RecordedFrame f0 = st.getFrames().get(0);
                self.merge(name(f0), 1, Integer::sum);
                for (var lib : LIBRARIES.entrySet()) {
                    if (lib.getValue().isEmpty()) {
                        continue;
                    }
                    boolean on = st.getFrames().stream().anyMatch(f -> {
                        String n = name(f);
                        for (String prefix : lib.getValue().split("\\|")) {
                            if (n.startsWith(prefix)) {
                                return true;
                            }
                        }
                        return false;
                    });
                    if (on) {
                        inclusive.merge(lib.getKey(), 1, Integer::sum);
                    }
                }
            } else if (type.equals("jdk.SocketRead")) {
                String thread = threadGroup(e.getThread() == null ? "?" : e.getThread().getJavaName());
                socketMs.merge(thread + " <- " + e.getString("host") + ":" + e.getInt("port"),
                        e.getDuration().toMillis(), Long::sum);
            }
        }
        List<String> out = new ArrayList<>();
        out.add("JFR " + file.getFileName() + ": " + samples + " CPU samples (jdk.ExecutionSample, 'profile' settings)");
        out.add("CPU samples by thread:");
        sorted(threads, top, samples).forEach(out::add);
        out.add("On the stack (inclusive, % of samples):");
        sorted(inclusive, top, samples).forEach(out::add);
        out.add("Top methods (self, % of samples):");
        sorted(self, top, samples).forEach(out::add);
        out.add("Socket reads of 10 ms or more, total ms by thread and peer:");
        socketMs.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(x -> out.add("  %8d ms  %s".formatted(x.getValue(), x.getKey())));
        return out;
    }

    private static <V extends Number & Comparable<V>> List<String> sorted(Map<String, V> m, int top, int total) {
        return m.entrySet().stream().sorted(Map.Entry.<String, V>comparingByValue().reversed()).limit(top)
                .map(x -> "  %5.1f%%  %s".formatted(100.0 * x.getValue().doubleValue() / Math.max(1, total), x.getKey()))
                .toList();
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    /** Pool threads by their pool: "executor-thread-7" and "executor-thread-2" count together. */
    private static String threadGroup(String name) {
        return name == null ? "?" : name.replaceAll("[-#]?\\d+$", "-N");
    }
}
