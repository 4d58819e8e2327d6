package org.trialclock.bench.drill;

import org.trialclock.bench.stack.DeadLetters;
import org.trialclock.bench.stack.Deliveries;
import org.trialclock.bench.stack.DueBurst;
import org.trialclock.bench.stack.LocalStack;
import org.trialclock.bench.stack.MailReceiver;
import org.trialclock.bench.stack.Progress;
import org.trialclock.bench.stack.StackSettings;
import org.trialclock.bench.stack.Tally;
import org.trialclock.bench.stack.WebhookReceiver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code bench/drills.sh [NAME...]}: runs each fault drill on a fresh local stack and prints one line each,
 * {@code drill=<name> expected=<n> lost=<n> duplicated=<n> seconds=<s> raw_mail=<n> raw_webhook=<n>} (see
 * {@link Tally} for what counts: every raw message at the receivers).
 * Details (fault timing, dead letters, where each count comes from) go to stderr.
 */
public final class Drills {
    /** Seconds between planning the burst and its due instant: the services see it come due, not find it late. */
    private static final int LEAD_SECONDS = 3;

    /**
     * How long nothing may move before what is missing counts as lost: longer than a timed-out send's 30 s plus
     * the 30 s before it is tried again, with room for a second such send behind it.
     */
    private static final Duration DEFAULT_STALL = Duration.ofSeconds(150);

    /** How long a drill may take from its burst to its count, faults and waiting included. */
    private static final Duration DEFAULT_LIMIT = Duration.ofSeconds(600);

    /**
     * The drills' one change to notify-service's settings: a notification claimed by a replica that died is
     * retried after 45 s instead of 2 min, so a drill that kills notify-service sees the retry within its bound.
     * Still longer than a webhook timeout (10 s) plus an email's (30 s), which stay as they are: a shorter
     * timeout would make a slow but successful send look failed and be sent again.
     */
    static final Map<String, String> NOTIFY_ENV = Map.of("TRIALCLOCK_DELIVERY_LEASE", "45s");

    private Drills() {
    }

    static List<Drill> all() {
        return List.of(new KillSchedule(), new KillNotify(), new BrokerRestart(), new PostgresRestart(),
                new SmtpWebhookOutage(), new TwoReplicas(), new Poison(), new RollingRestart());
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath();
        List<String> names = Arrays.asList(args).subList(1, args.length);
        List<Drill> chosen = all().stream().filter(d -> names.isEmpty() || names.contains(d.name())).toList();
        if (chosen.isEmpty() || chosen.size() < names.size()) {
            System.err.println("unknown drill in " + names + "; drills: "
                    + all().stream().map(Drill::name).toList());
            System.exit(2);
        }
        StackSettings settings = StackSettings.fromEnvironment(root);
        int tasks = Integer.parseInt(System.getenv().getOrDefault("DRILL_TASKS", "0"));
        long seed = Long.parseLong(System.getenv().getOrDefault("DRILL_SEED", String.valueOf(System.nanoTime() % 100000)));
        Duration stall = Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("DRILL_STALL_SECONDS",
                String.valueOf(DEFAULT_STALL.toSeconds()))));
        Duration limit = Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("DRILL_MAX_SECONDS",
                String.valueOf(DEFAULT_LIMIT.toSeconds()))));
        System.err.printf("drills %s: schedule-service :%d, notify-service :%d, Kafka :%d, PostgreSQL %s:%d %s/%s"
                        + " (seed %d; DRILL_SEED to repeat)%n", chosen.stream().map(Drill::name).toList(),
                settings.schedulePort(), settings.notifyPort(), settings.kafkaPort(), settings.pgHost(),
                settings.pgPort(), settings.scheduleDb(), settings.notifyDb(), seed);
        int failed = 0;
        for (Drill drill : chosen) {
            try {
                System.out.println(run(drill, settings, root.resolve("bench/target/drills/" + drill.name()),
                        tasks, new Random(seed + drill.name().hashCode()), stall, limit).line());
            } catch (Exception e) {
                failed++;
                System.out.println("drill=" + drill.name() + " did-not-run: " + e);
                e.printStackTrace();
            }
            System.out.flush();
        }
        System.exit(failed == 0 ? 0 : 1);
    }

    /**
     * Runs one drill by name with bench/drills.sh's default waiting bounds, for the system tests' short versions;
     * {@code tasks} 0 means the drill's own burst size. (A shorter stall, 75 s, once counted a due email as lost
     * that was being retried after its send had timed out: 30 s, then 30 s before the next attempt.)
     */
    public static DrillResult run(String name, StackSettings settings, Path runDir, int tasks, long seed)
            throws Exception {
        Drill drill = all().stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no drill " + name));
        return run(drill, settings, runDir, tasks, new Random(seed), DEFAULT_STALL, DEFAULT_LIMIT);
    }

    static DrillResult run(Drill drill, StackSettings settings, Path runDir, int tasksOrZero, Random random,
                           Duration stall, Duration limit) throws Exception {
        long started = System.nanoTime();
        int tasks = tasksOrZero > 0 ? tasksOrZero : drill.defaultTasks();
        System.err.println("drill " + drill.name() + ": " + tasks + " tasks, " + drill.scheduleReplicas()
                + " schedule-service and " + drill.notifyReplicas() + " notify-service replica(s); logs in " + runDir);
        Map<String, String> notifyEnv = new LinkedHashMap<>(NOTIFY_ENV);
        notifyEnv.putAll(drill.notifyEnv());
        try (MailReceiver mail = new MailReceiver(); WebhookReceiver webhook = new WebhookReceiver()) {
            Phases phases = new Phases();
            LocalStack stack = LocalStack.start(settings, runDir, mail.port(), drill.scheduleReplicas(),
                    drill.notifyReplicas(), notifyEnv);
            phases.done("stack start");
            DueBurst burst;
            DeadLetters deadLetters;
            long dueToSettled;
            try {
                DueBurst.configureTeam(stack.notify(0), webhook.url());
                burst = DueBurst.plan(stack, tasks, LEAD_SECONDS);
                phases.done("team and burst planned");
                long deadline = System.nanoTime() + limit.toNanos();
                DrillContext context = new DrillContext(stack, burst, mail, webhook, random);
                drill.inject(context);
                phases.done("faults (burst running)");
                settle(drill, context, stall, deadline);
                phases.done("drain");
                dueToSettled = Duration.between(burst.dueAt(), java.time.Instant.now()).toSeconds();
                deadLetters = DeadLetters.read(settings.bootstrapServers());
                phases.done("dead letters read");
            } finally {
                stack.close();
            }
            phases.done("stack stop");
            Deliveries emails = mail.deliveries();
            Tally tally = Tally.count(stack, burst, emails, webhook.deliveries(), deadLetters);
            phases.done("count");
            DrillContext.log("time: " + phases);
            DrillContext.log("received, by raw message: " + tally.rawMail() + " emails (" + emails.total(Deliveries.DUE)
                    + " due alerts) and " + tally.rawWebhook() + " webhook posts (" + webhook.deliveries()
                    .total(Deliveries.DUE) + " due alerts); duplicated " + tally.duplicated() + ", of which "
                    + tally.sameIdRepeats() + " repeated a Message-ID or webhook-id already received and "
                    + tally.unexpected() + " were due alerts the burst did not call for");
            DrillContext.log("settled " + dueToSettled + " s after the due instant; not SENT in the database: "
                    + tally.notSent() + ", not received: " + tally.notReceived() + ", of a dead-lettered due alert: "
                    + tally.deadLettered() + "; dead-letter topics " + deadLetters.perTopic());
            deadLetters.reasons().forEach((reason, n) -> DrillContext.log("  " + n + " x " + reason));
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            return new DrillResult(drill.name(), tally.expected(), tally.lost(), tally.duplicated(), seconds,
                    tally.rawMail(), tally.rawWebhook());
        }
    }

    /** Where a drill's time goes, phase by phase, for the log (bench/README.md's table of overheads). */
    private static final class Phases {
        private final StringBuilder out = new StringBuilder();
        private long since = System.nanoTime();

        void done(String phase) {
            long now = System.nanoTime();
            out.append(out.isEmpty() ? "" : ", ").append(phase).append(' ')
                    .append(Duration.ofNanos(now - since).toSeconds()).append(" s");
            since = now;
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }

    /**
     * Waits until every pair is sent and schedule-service's outbox is empty, or nothing has moved for
     * {@code stall} (what is still missing then counts as lost), or the drill's time is up.
     */
    private static void settle(Drill drill, DrillContext context, Duration stall, long deadline) throws Exception {
        int tasks = context.burst().taskIds().size();
        long expected = context.burst().expected();
        Progress last = null;
        long lastChange = System.nanoTime();
        while (true) {
            drill.settling(context);
            Progress now = Progress.of(context.stack());
            if (now != null) {
                if (now.sent() >= expected && now.dueTasks() == tasks && now.unsent() == 0) {
                    Thread.sleep(2000); // a late repeat of an alert would land now; the count is taken after it
                    return;
                }
                if (!now.equals(last)) {
                    last = now;
                    lastChange = System.nanoTime();
                }
            }
            if (System.nanoTime() - lastChange > stall.toNanos()) {
                DrillContext.log("nothing moved for " + stall.toSeconds() + " s; counting at " + last);
                return;
            }
            if (System.nanoTime() > deadline) {
                DrillContext.log("the drill's time is up; counting at " + last);
                return;
            }
            Thread.sleep(1000); // polling two other processes' databases
        }
    }
}
