package org.trialclock.bench.stack;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the drills' stack runs: the same environment variables as {@code deploy/local/up.sh}, with its defaults,
 * except the two databases, which the drills drop and create afresh and so must never be the local stack's own
 * ({@code schedule}, {@code notify}). A second replica of a service listens on the first one's port + 2.
 */
public record StackSettings(Path root, int schedulePort, int notifyPort, int kafkaPort, String scheduleDb,
                            String notifyDb, String pgHost, int pgPort, String pgUser, String pgPassword) {

    public static StackSettings fromEnvironment(Path root) {
        Map<String, String> env = System.getenv();
        return new StackSettings(root,
                Integer.parseInt(env.getOrDefault("TRIALCLOCK_SCHEDULE_PORT", "8080")),
                Integer.parseInt(env.getOrDefault("TRIALCLOCK_NOTIFY_PORT", "8081")),
                Integer.parseInt(env.getOrDefault("TRIALCLOCK_KAFKA_PORT", "9092")),
                env.getOrDefault("SCHEDULE_DB", "drill_schedule"),
                env.getOrDefault("NOTIFY_DB", "drill_notify"),
                env.getOrDefault("PGHOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("PGPORT", "5432")),
                env.getOrDefault("PGUSER", "trialclock"),
                env.getOrDefault("PGPASSWORD", "trialclock"));
    }

    /** The same PostgreSQL on other ports and databases: a second stack beside one already running. */
    public StackSettings elsewhere(int schedulePort, int notifyPort, int kafkaPort, String scheduleDb, String notifyDb) {
        return new StackSettings(root, schedulePort, notifyPort, kafkaPort, scheduleDb, notifyDb, pgHost, pgPort,
                pgUser, pgPassword);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + database;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    Path scheduleJar() {
        return root.resolve("schedule-service/target/quarkus-app/quarkus-run.jar");
    }

    Path notifyJar() {
        return root.resolve("notify-service/target/quarkus-app/quarkus-run.jar");
    }

    Path stackTarget() {
        return root.resolve("deploy/local/stack/target");
    }
}
