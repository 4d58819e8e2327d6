package org.trialclock.bench.run;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What one run of the benchmark measures against, and how big each step is. run.sh passes every value as
 * {@code --name=value}; {@code --quick} gives the small sizes used while developing the bench itself.
 */
record Settings(
        String scheduleUrl,
        String notifyUrl,
        String kafka,
        String scheduleJdbc,
        String notifyJdbc,
        String peerJdbc,
        String dbUser,
        String dbPassword,
        Path runDir,
        Path output,
        Map<String, Long> pids,
        boolean quick,
        boolean profile,
        boolean notifyPaused,
        int enrollments,
        int smallBurst,
        int bigBurst,
        int otherTasks,
        int latencyTasks,
        int enrollSeconds,
        int limitRecords,
        int peerTasks,
        int smallBurstSeconds,
        int bigBurstSeconds,
        int drainSeconds,
        int peerSeconds,
        long deadlineEpochSecond,
        String label,
        java.util.Set<String> only) {

    /** Whether the named step runs: all do, unless {@code --only} names some (for profiling one step). */
    boolean runs(String step) {
        return only.isEmpty() || only.contains(step.replace(' ', '-'));
    }

    /**
     * The longest a step may wait, given what is left before the run's deadline and what the steps after it need:
     * on a loaded machine the late steps shrink (and say so) rather than the run overrunning its 15 minutes.
     */
    java.time.Duration budget(int wantSeconds, int reserveForLaterSeconds) {
        long left = deadlineEpochSecond - java.time.Instant.now().getEpochSecond() - reserveForLaterSeconds;
        return java.time.Duration.ofSeconds(Math.max(5, Math.min(wantSeconds, left)));
    }

    static Settings parse(String[] args) {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            int eq = arg.indexOf('=');
            a.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "true" : arg.substring(eq + 1));
        }
        boolean quick = Boolean.parseBoolean(a.getOrDefault("quick", "false"));
        String pg = a.getOrDefault("pg", "127.0.0.1:5432");
        Map<String, Long> pids = new HashMap<>();
        for (String p : a.getOrDefault("pids", "").split(",")) {
            if (p.contains(":")) {
                pids.put(p.substring(0, p.indexOf(':')), Long.parseLong(p.substring(p.indexOf(':') + 1)));
            }
        }
        return new Settings(
                "http://127.0.0.1:" + a.getOrDefault("schedule-port", "28080"),
                "http://127.0.0.1:" + a.getOrDefault("notify-port", "28081"),
                "127.0.0.1:" + a.getOrDefault("kafka-port", "29092"),
                "jdbc:postgresql://" + pg + "/" + a.getOrDefault("schedule-db", "bench_schedule"),
                "jdbc:postgresql://" + pg + "/" + a.getOrDefault("notify-db", "bench_notify"),
                "jdbc:postgresql://" + pg + "/" + a.getOrDefault("peer-db", "bench_peer"),
                a.getOrDefault("db-user", "trialclock"),
                a.getOrDefault("db-password", "trialclock"),
                Path.of(a.getOrDefault("run-dir", "bench/target/bench-run")),
                Path.of(a.getOrDefault("output", "bench/results/latest.json")),
                pids,
                quick,
                Boolean.parseBoolean(a.getOrDefault("profile", "false")),
                Boolean.parseBoolean(a.getOrDefault("notify-paused", "false")),
                1_000,
                quick ? 2_000 : 10_000,
                quick ? 10_000 : 100_000,
                quick ? 100_000 : 1_000_000,
                quick ? 100 : 300,
                quick ? 10 : 60,
                quick ? 50_000 : 200_000,
                quick ? 10_000 : 100_000,
                // The longest each step may take, so a slow or loaded machine still ends the run in 15 minutes; a
                // step cut short reports what it did in the time and says it was cut short.
                quick ? 30 : 45,
                quick ? 45 : 100,
                quick ? 15 : 20,
                quick ? 30 : 40,
                Long.parseLong(a.getOrDefault("deadline", Long.toString(java.time.Instant.now().getEpochSecond() + 840))),
                a.getOrDefault("label", ""),
                java.util.Arrays.stream(a.getOrDefault("only", "").split(",")).filter(x -> !x.isBlank())
                        .collect(java.util.stream.Collectors.toUnmodifiableSet()));
    }
}
