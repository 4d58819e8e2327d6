package org.trialclock.bench.run;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.AppInfoParser;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.trialclock.bench.peer.PeerMain;
import org.trialclock.bench.peer.SampleRecord;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One run of issue 12's benchmark against a running local stack (bench/run.sh starts it, with fresh databases):
 * the planner, due latency, the 10,000 and 100,000 bursts to Kafka and on to a webhook, the burst again beside
 * 1,000,000 other planned tasks, the Kafka and PostgreSQL limits, db-scheduler on the same work, enrollment under
 * load, and each process's peak memory and CPU. Prints the table and writes the JSON.
 */
public final class BenchMain {
    private final Settings s;
    private final Report report = new Report();
    private final Rest rest = new Rest();
    private final ProcessMeter meter;
    private int otherTasks;
    private final String runId = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);

    private BenchMain(Settings s) {
        this.s = s;
        this.meter = new ProcessMeter(s.pids());
    }

    public static void main(String[] args) throws Exception {
        Settings s = Settings.parse(args);
        Files.createDirectories(s.runDir());
        new BenchMain(s).run();
        System.exit(0);
    }

    private static void log(String format, Object... args) {
        System.out.printf("%tT  %s%n", System.currentTimeMillis(), format.formatted(args));
    }

    private void run() throws Exception {
        Instant began = Instant.now();
        machine();
        if (s.runs("planner")) {
            planner();
        }
        try (WebhookReceiver webhook = new WebhookReceiver(); DueWatcher watcher = new DueWatcher(s.kafka());
             Backlog backlog = new Backlog(s); ScheduleTable table = new ScheduleTable(s)) {
            setUp(webhook, table, backlog);
            step("due latency", () -> dueLatency(table, watcher, backlog));
            step("burst 10k", () -> report.put("dispatch_10k_per_s",
                    burst("10k", s.smallBurst(), table, watcher, webhook, backlog, false)));
            step("burst 100k", () -> report.put("dispatch_per_s",
                    burst("100k", s.bigBurst(), table, watcher, webhook, backlog, s.profile())));
            if (s.runs("limits") || s.runs("peer")) {
                ConsumerRecord<byte[], byte[]> sample = watcher.sample();
                if (sample == null) {
                    // --only without a burst: there is no real record for the limits and the peer to send copies of
                    log("limits and peer skipped: they send copies of a burst's record; add burst-10k to --only");
                } else {
                    Path sampleFile = s.runDir().resolve("sample-record.json");
                    new SampleRecord(sample.key(), sample.value(), java.util.Arrays.stream(sample.headers().toArray())
                            .map(h -> new SampleRecord.Header(h.key(), h.value())).toList()).write(sampleFile);
                    report.put("record_bytes", Limits.size(sample));
                    step("limits", () -> limits(sample));
                    step("peer", () -> peer(sampleFile));
                }
            }
            // after the peer, so a slow machine shortens the 1,000,000 rows (the figure says how many) rather than
            // the comparison with db-scheduler
            step("table size", () -> tableSize(table, watcher, webhook, backlog));
            step("enrollment", this::enrollment);
        }
        meter.sample();
        report.put("rss_mb", meter.peakRssMb());
        report.put("cpu_s", meter.cpuSeconds());
        meter.peakRssMb().forEach((p, mb) -> report.row("8 resources", "peak RSS " + p + " (MB)", Report.num(mb),
                p.endsWith("-service") ? "< 300" : ""));
        meter.cpuSeconds().forEach((p, cpu) -> report.row("8 resources", "CPU " + p + " (s)", Report.num(cpu), ""));
        report.put("run_seconds", (double) Duration.between(began, Instant.now()).toSeconds());
        // a partial run (--only) must not pass for the table bench/README.md quotes
        Path output = s.only().isEmpty() ? s.output() : s.runDir().resolve("only.json");
        report.write(output);
        System.out.println();
        System.out.print(report.table());
        System.out.println("JSON: " + output + "  (run took " + report.get("run_seconds") + " s)");
    }

    private interface Step {
        void run() throws Exception;
    }

    /** A step that fails is reported as failed, and the run goes on with the next: one bug costs one figure. */
    private void step(String name, Step step) {
        if (!s.runs(name)) {
            return;
        }
        try {
            step.run();
        } catch (Exception e) {
            log("%s FAILED: %s", name, e);
            e.printStackTrace(System.out);
            report.row("!", name + " failed: " + e.getClass().getSimpleName(), "-", "");
            report.put("failed_" + name.replace(' ', '_'), String.valueOf(e));
        }
    }

    private void machine() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", s.label());
        m.put("quick", s.quick());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("cpu", Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?"));
        m.put("memory_gib", Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .findFirst().map(l -> Math.round(Long.parseLong(l.replaceAll("[^0-9]", "")) / 1048576.0)).orElse(0L));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("kafka_clients", AppInfoParser.getVersion());
        try (Connection c = DriverManager.getConnection(s.scheduleJdbc(), s.dbUser(), s.dbPassword());
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW server_version")) {
            rs.next();
            m.put("postgresql", rs.getString(1));
        }
        m.put("db_scheduler", "16.7.1");
        m.put("at", Instant.now().toString());
        report.put("machine", m);
        log("machine: %s", m);
    }

    /** The JMH benchmark of the planner, in a forked JVM as JMH wants; before the load, while the stack idles. */
    private void planner() throws Exception {
        log("planner: JMH, plans/s per protocol");
        Options options = new OptionsBuilder().include(PlannerBench.class.getName()).forks(1)
                .warmupIterations(s.quick() ? 1 : 2).warmupTime(TimeValue.seconds(1))
                .measurementIterations(s.quick() ? 2 : 3).measurementTime(TimeValue.seconds(1))
                .verbosity(VerboseMode.SILENT).jvmArgs("-Xmx256m").build();
        Map<String, Double> plans = new LinkedHashMap<>();
        for (RunResult r : new Runner(options).run()) {
            String id = r.getParams().getParam("protocolId");
            double score = r.getPrimaryResult().getScore();
            plans.put(id, Report.round(score));
            report.row("0 planner", "JMH plans/s " + id, Report.num(score), "");
            log("planner: %s %.0f plans/s (+- %.0f)", id, score, r.getPrimaryResult().getScoreError());
        }
        report.put("planner_plans_per_s", plans);
    }

    /** The bench's care team (webhook to us) and 1,000 enrollments in it: one through REST, the rest copies. */
    private void setUp(WebhookReceiver webhook, ScheduleTable table, Backlog backlog) throws Exception {
        rest.ok("PUT", s.notifyUrl() + "/teams/" + ScheduleTable.TEAM, Rest.team(webhook.url()));
        HttpResponse<String> created = rest.ok("POST", s.scheduleUrl() + "/enrollments",
                Rest.enrollment("BENCH-TEMPLATE-" + runId, ScheduleTable.TEAM));
        String location = created.headers().firstValue("Location").orElseThrow();
        UUID template = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        table.copyEnrollments(template, s.enrollments() - 1);
        for (String kafkaTopic : List.of("bench-peer", "bench-limit")) {
            Limits.createTopic(backlog.admin(), kafkaTopic, 3);
        }
        String left = backlog.drain(Duration.ofSeconds(s.drainSeconds()));
        log("set up: team %s -> %s, %d enrollments%s", ScheduleTable.TEAM, webhook.url(), s.enrollments(),
                left.isEmpty() ? "" : " (still to do: " + left + ")");
    }

    /**
     * Step 4: tasks due 20 ms apart; from each due instant to its record on Kafka. A first round, the same size, is a
     * warm-up and not counted: this step runs first, while the services' JIT compilers still take much of the two
     * cores (p50 170, 100 and 86 ms in three rounds back to back on a fresh stack).
     */
    private void dueLatency(ScheduleTable table, DueWatcher watcher, Backlog backlog) throws Exception {
        int n = s.latencyTasks();
        Histogram warm = spread("latw-" + runId, n, table, watcher);
        log("due latency warm-up (not counted): p50 %d ms, p99 %d ms", warm.getValueAtPercentile(50),
                warm.getValueAtPercentile(99));
        backlog.drain(Duration.ofSeconds(s.drainSeconds()));
        Histogram h = spread("lat-" + runId, n, table, watcher);
        report.put("due_p50_ms", (double) h.getValueAtPercentile(50));
        report.put("due_p99_ms", (double) h.getValueAtPercentile(99));
        report.put("due_max_ms", (double) h.getMaxValue());
        report.put("due_received", watcher.count());
        String got = watcher.count() == n ? "" : " (" + watcher.count() + "/" + n + " arrived)";
        report.row("4 due latency", n + " tasks 20 ms apart, p50 (ms)" + got, Report.num(h.getValueAtPercentile(50)), "");
        report.row("4 due latency", n + " tasks 20 ms apart, p99 (ms)", Report.num(h.getValueAtPercentile(99)), "<= 100");
        log("due latency: p50 %d ms, p99 %d ms, max %d ms (%d/%d)", h.getValueAtPercentile(50),
                h.getValueAtPercentile(99), h.getMaxValue(), watcher.count(), n);
        backlog.drain(Duration.ofSeconds(s.drainSeconds()));
    }

    /** {@code n} tasks due 20 ms apart from 3 s on; the delay from each one's due instant to its record on Kafka. */
    private static Histogram spread(String burst, int n, ScheduleTable table, DueWatcher watcher) throws Exception {
        // later than the dispatcher's longest sleep (1 s), so it has looked at the table again before the first
        Instant first = Instant.now().plusSeconds(3);
        Map<String, Instant> due = table.insertSpread(burst, n, first, 20);
        watcher.watch(due.keySet());
        if (!waitFor(() -> watcher.count() >= n, Duration.ofMillis(3_000 + 20L * n + 20_000))) {
            table.withdraw(burst);
        }
        Histogram h = new Histogram(3_600_000L, 3);
        watcher.arrivals().forEach((id, at) -> h.recordValue(Math.max(0, Duration.between(due.get(id), at).toMillis())));
        return h;
    }

    /**
     * Steps 1 and 2: {@code size} tasks over the 1,000 enrollments, all due at one instant, counted from the later of
     * that instant and the commit that wrote them. Dispatch ends at the last task.due on Kafka; end to end at the
     * last due alert at the bench's webhook. Returns the dispatch rate.
     */
    private double burst(String name, int size, ScheduleTable table, DueWatcher watcher, WebhookReceiver webhook,
                         Backlog backlog, boolean profile) throws Exception {
        Profile jfr = profile ? new Profile(s.pids().get("schedule-service"), s.runDir().resolve("burst-" + name + ".jfr"))
                : null;
        String burst = "b" + name + "-" + runId;
        Instant dueAt = Instant.now().plusSeconds(2);
        if (jfr != null) {
            jfr.start();
        }
        Instant committed = table.insertDue(burst, size / s.enrollments(), dueAt);
        Instant start = committed.isAfter(dueAt) ? committed : dueAt;
        Set<String> ids = table.ids(burst);
        watcher.watch(ids);
        webhook.watch(ids);
        log("burst %s: %d tasks due at %s, written by %s%s", name, ids.size(), dueAt, committed,
                s.notifyPaused() ? "; notify-service paused until they are on Kafka" : "");
        // what the later steps need at least: the 1M table and its burst, limits, peer, enrollment
        int reserve = switch (name) {
            case "10k" -> 450;
            case "100k" -> 350;
            default -> 110;
        };
        Duration timeout = s.budget(size > s.smallBurst() ? s.bigBurstSeconds() : s.smallBurstSeconds(), reserve);
        boolean dispatched;
        // a null resource is skipped: without --notify-paused nothing is stopped
        try (Paused notify = s.notifyPaused() ? Paused.stop(s.pids().get("notify-service")) : null) {
            dispatched = waitFor(() -> watcher.count() >= ids.size(), timeout);
        }
        if (jfr != null) {
            jfr.stop();
        }
        double dispatchSeconds = seconds(start, dispatched ? watcher.last() : Instant.now());
        double dispatchRate = watcher.count() / dispatchSeconds;
        Duration left = timeout.minus(Duration.between(start, Instant.now()));
        boolean delivered = waitFor(() -> webhook.count() >= ids.size(),
                left.compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : left);
        double e2eSeconds = seconds(start, delivered ? webhook.last() : Instant.now());
        double e2eRate = webhook.count() / e2eSeconds;
        String d = dispatched ? "" : " (" + watcher.count() + " of " + ids.size() + " in the time allowed)";
        String e = delivered ? "" : " (" + webhook.count() + " of " + ids.size() + " in the time allowed)";
        String label = name.equals("1m") ? Report.num(s.smallBurst()) + " beside " + Report.num(otherTasks)
                + " planned" + (otherTasks < s.otherTasks() ? " (what could be written in the time allowed)" : "") : name;
        if (s.notifyPaused()) {
            d += " (notify-service paused)";
            e += " (notify-service paused while dispatching)";
        }
        String step = name.equals("1m") ? "3 table size" : "1 dispatch";
        report.row(step, "burst " + label + ": tasks/s acked on Kafka" + d, Report.num(dispatchRate),
                name.equals("1m") ? "within 20% of 10k" : ">= 10,000");
        report.row(name.equals("1m") ? "3 table size" : "2 end to end", "burst " + label + ": alerts/s at webhook" + e,
                Report.num(e2eRate), name.equals("100k") ? ">= 3,000" : "");
        report.put("end_to_end_" + name + "_per_s", e2eRate);
        report.put("burst_" + name + "_dispatch_seconds", dispatchSeconds);
        report.put("burst_" + name + "_end_to_end_seconds", e2eSeconds);
        report.put("burst_" + name + "_complete", dispatched && delivered);
        if (name.equals("100k")) {
            report.put("end_to_end_per_s", e2eRate);
        }
        log("burst %s: %d/%d on Kafka in %.1f s = %.0f/s; %d at the webhook in %.1f s = %.0f/s", name,
                watcher.count(), ids.size(), dispatchSeconds, dispatchRate, webhook.count(), e2eSeconds, e2eRate);
        if (jfr != null) {
            List<String> summary = jfr.summary(15);
            Files.write(s.runDir().resolve("burst-" + name + "-profile.txt"), summary);
            summary.forEach(System.out::println);
        }
        if (!dispatched) {
            log("burst %s: %d tasks not dispatched in the time allowed are withdrawn", name, table.withdraw(burst));
        }
        String rest = backlog.drain(s.budget(s.drainSeconds(), reserve));
        if (!rest.isEmpty()) {
            log("burst %s: gave up waiting for the backlog to drain: %s", name, rest);
        }
        return dispatchRate;
    }

    /** Step 3: the 10,000 burst again with 1,000,000 other planned tasks in the table. */
    private void tableSize(ScheduleTable table, DueWatcher watcher, WebhookReceiver webhook, Backlog backlog)
            throws Exception {
        long t0 = System.nanoTime();
        int written = table.insertPlanned(s.otherTasks(), s.budget(120, 170));
        log("table size: %d other planned tasks written in %.1f s; task table now %d rows", written,
                (System.nanoTime() - t0) / 1e9, table.count("SELECT count(*) FROM task"));
        otherTasks = written;
        double rate = burst("1m", s.smallBurst(), table, watcher, webhook, backlog, false);
        report.put("dispatch_1m_per_s", rate);
        report.put("other_planned_tasks", written);
    }

    private void limits(ConsumerRecord<byte[], byte[]> sample) throws Exception {
        double kafka = Limits.kafka(s.kafka(), "bench-limit", sample, s.limitRecords());
        report.put("kafka_limit_per_s", kafka);
        report.row("7 limits", "Kafka producer, " + Limits.size(sample) + " B records, acks=all, idempotent (rec/s)",
                Report.num(kafka), "");
        log("limit: Kafka %.0f records/s", kafka);
        double pg = Limits.postgres(s, s.peerTasks(), 1000, 4);
        report.put("postgres_limit_per_s", pg);
        report.row("7 limits", "PostgreSQL claim-and-update, batches of 1,000, 4 connections (rows/s)",
                Report.num(pg), "");
        log("limit: PostgreSQL %.0f rows/s", pg);
        // no ratio without the 100k burst's figure (it failed, or --only left it out)
        if (report.get("dispatch_per_s") instanceof Number ours) {
            double fraction = ours.doubleValue() / Math.min(kafka, pg);
            report.put("dispatch_fraction_of_limit", fraction);
            report.row("7 limits", "our 100k dispatch / the lower limit", "%.3f".formatted(fraction), "");
        }
    }

    /** Step 6: db-scheduler, same PostgreSQL, same Kafka, same record, at 8 and 32 threads, each in its own JVM. */
    private void peer(Path sampleFile) throws Exception {
        // notify-service is still working through the 100k burst's backlog here, and db-scheduler's records are
        // nobody's to consume: stopped, it leaves db-scheduler the machine (895/s at 32 threads beside that backlog,
        // 2,100/s beside an idle notify-service, bench/README.md), so the ratio is to the peer at its best
        try (Paused notify = Paused.stop(s.pids().get("notify-service"))) {
            peerRuns(sampleFile);
        }
    }

    private void peerRuns(Path sampleFile) throws Exception {
        double best = 0;
        for (int threads : new int[] {8, 32}) {
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-cp", System.getProperty("java.class.path"), PeerMain.class.getName(),
                    s.peerJdbc(), s.dbUser(), s.dbPassword(), s.kafka(), "bench-peer",
                    Integer.toString(s.peerTasks()), Integer.toString(threads), sampleFile.toString(),
                    Long.toString(s.budget(s.peerSeconds(), threads == 8 ? 260 : 200).toSeconds())));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(s.runDir().resolve("peer-" + threads + ".log").toFile()).start();
            String name = "peer-db-scheduler-" + threads;
            meter.watch(name, p.pid());
            while (!p.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                meter.sample();
            }
            meter.done(name);
            String line = Files.readAllLines(s.runDir().resolve("peer-" + threads + ".log")).stream()
                    .filter(l -> l.startsWith("peer ")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("db-scheduler run failed; see "
                            + s.runDir().resolve("peer-" + threads + ".log")));
            double rate = Double.parseDouble(line.replaceAll(".*per_s=", ""));
            best = Math.max(best, rate);
            report.put("peer_" + threads + "_per_s", rate);
            report.row("6 peer", "db-scheduler 16.7.1, " + threads + " threads, " + Report.num(s.peerTasks())
                    + " tasks, notify-service paused (tasks/s)" + (line.contains("complete=true") ? "" : " (incomplete)"),
                    Report.num(rate), "");
            log("peer: %s", line);
        }
        report.put("peer_best_per_s", best);
        if (report.get("dispatch_per_s") instanceof Number ours) {
            double ratio = ours.doubleValue() / best;
            report.put("dispatch_vs_peer", ratio);
            report.row("6 peer", "our 100k dispatch / db-scheduler's best", "%.2f".formatted(ratio), ">= 2");
        }
    }

    /** Step 5: POST /enrollments at 8, then 32 clients. Last, because its task.scheduled events keep notify busy. */
    private void enrollment() throws Exception {
        // Warm-up, not counted: no earlier step runs the enrollment code, and for its first minute schedule-service
        // spent a fifth of its CPU compiling it (the JIT threads in a profile of this step alone).
        int warmUp = s.quick() ? 5 : 15;
        log("enrollment: warm-up, 8 clients for %d s (not counted): %s", warmUp,
                EnrollmentLoad.run(s.scheduleUrl(), 8, warmUp, runId + "w"));
        for (int clients : new int[] {8, 32}) {
            int seconds = (int) s.budget(s.enrollSeconds(), clients == 8 ? 45 : 5).toSeconds();
            EnrollmentLoad.Result r = EnrollmentLoad.run(s.scheduleUrl(), clients, seconds, runId);
            String k = "enroll_" + clients;
            report.put(k + "_per_s", r.perSecond());
            report.put(k + "_p50_ms", r.p50Ms());
            report.put(k + "_p99_ms", r.p99Ms());
            report.put(k + "_p999_ms", r.p999Ms());
            report.put(k + "_errors", r.errors());
            String e = r.errors() == 0 ? "" : " (" + r.errors() + " errors)";
            report.row("5 enrollment", clients + " clients, " + seconds + " s: enrollments/s" + e,
                    Report.num(r.perSecond()), clients == 32 ? ">= 500" : "");
            report.row("5 enrollment", clients + " clients: p50 / p99 / p99.9 (ms)",
                    "%s / %s / %s".formatted(Report.num(r.p50Ms()), Report.num(r.p99Ms()), Report.num(r.p999Ms())),
                    clients == 32 ? "p99 < 100" : "");
            log("enrollment: %s", r);
            if (clients == 32) {
                report.put("enroll_per_s", r.perSecond());
                report.put("enroll_p99_ms", r.p99Ms());
            }
        }
    }

    private static double seconds(Instant from, Instant to) {
        return Math.max(0.001, Duration.between(from, to).toNanos() / 1e9);
    }

    /** Polls the condition every 20 ms; returns whether it held before the time was up. */
    private static boolean waitFor(java.util.function.BooleanSupplier condition, Duration atMost)
            throws InterruptedException {
        long until = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < until) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }
}
