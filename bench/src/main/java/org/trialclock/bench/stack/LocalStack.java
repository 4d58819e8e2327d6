package org.trialclock.bench.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The local stack as {@code deploy/local/up.sh} runs it (a KRaft broker from {@code deploy/local/stack}, both
 * services' built jars with the {@code dev} profile, this machine's PostgreSQL), started fresh for one drill:
 * new databases, a new broker data directory. Unlike up.sh it owns every process, so a drill can kill, stop and
 * restart each one, and run two replicas of a service. Emails go to a real SMTP server ({@link MailReceiver}),
 * not to the dev profile's log.
 */
public final class LocalStack implements AutoCloseable {
    public static final String ADMIN_TOKEN = "dev-only";
    private static final Duration BROKER_START = Duration.ofSeconds(300);
    private final StackSettings settings;
    private final Path runDir;
    private final JavaProcess kafka;
    private final List<ServiceReplica> schedules = new ArrayList<>();
    private final List<ServiceReplica> notifies = new ArrayList<>();
    private final Map<String, String> serviceEnv = new HashMap<>();
    private final Map<String, String> notifyEnv = new HashMap<>();

    private LocalStack(StackSettings settings, Path runDir, int smtpPort, Map<String, String> extraNotifyEnv) {
        this.settings = settings;
        this.runDir = runDir;
        Path target = settings.stackTarget();
        String stackJar;
        try (Stream<Path> jars = Files.list(target)) {
            stackJar = jars.map(Path::toString).filter(p -> p.endsWith(".jar") && !p.endsWith("-sources.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no stack jar in " + target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        kafka = new JavaProcess("kafka", List.of("-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", stackJar + ":" + target.resolve("lib") + "/*", "org.trialclock.stack.KafkaBroker",
                runDir.resolve("kafka-data").toString(), String.valueOf(settings.kafkaPort()),
                String.valueOf(settings.kafkaPort() + 1)), Map.of(), runDir);
        serviceEnv.put("QUARKUS_PROFILE", "dev");
        // The key the bench's bearer tokens are signed with, when a caller in this JVM made it (the system tests);
        // otherwise drills.sh exports OIDC_PUBLIC_KEY and the services inherit it.
        if (System.getProperty("trialclock.jwt-public-key") != null) {
            serviceEnv.put("OIDC_PUBLIC_KEY", System.getProperty("trialclock.jwt-public-key"));
        }
        serviceEnv.put("KAFKA_BOOTSTRAP_SERVERS", settings.bootstrapServers());
        serviceEnv.put("PGHOST", settings.pgHost());
        serviceEnv.put("PGPORT", String.valueOf(settings.pgPort()));
        serviceEnv.put("PGUSER", settings.pgUser());
        serviceEnv.put("PGPASSWORD", settings.pgPassword());
        serviceEnv.put("SCHEDULE_DB", settings.scheduleDb());
        serviceEnv.put("NOTIFY_DB", settings.notifyDb());
        notifyEnv.putAll(serviceEnv);
        // Real SMTP instead of the dev profile's logged mail, so an outage of the mail server is a real one.
        notifyEnv.put("QUARKUS_MAILER_MOCK", "false");
        notifyEnv.put("SMTP_HOST", "127.0.0.1");
        notifyEnv.put("SMTP_PORT", String.valueOf(smtpPort));
        notifyEnv.put("SMTP_START_TLS", "DISABLED");
        notifyEnv.putAll(extraNotifyEnv);
    }

    /**
     * Fresh databases and broker, then the broker and the given number of replicas of each service, all ready.
     * {@code extraNotifyEnv} carries drill settings (shorter leases, say) for notify-service.
     */
    public static LocalStack start(StackSettings settings, Path runDir, int smtpPort, int scheduleReplicas,
                                   int notifyReplicas, Map<String, String> extraNotifyEnv) throws Exception {
        for (int port : List.of(settings.schedulePort(), settings.notifyPort(), settings.kafkaPort(),
                settings.kafkaPort() + 1, settings.schedulePort() + 2, settings.notifyPort() + 2)) {
            if (listening(port)) {
                throw new IllegalStateException("port " + port + " is in use (is deploy/local/up.sh's stack running?"
                        + " stop it with deploy/local/down.sh, or choose other ports: see bench/README.md)");
            }
        }
        deleteTree(runDir);
        Files.createDirectories(runDir);
        LocalStack stack = new LocalStack(settings, runDir, smtpPort, extraNotifyEnv);
        stack.recreateDatabase(settings.scheduleDb());
        stack.recreateDatabase(settings.notifyDb());
        for (int i = 0; i < scheduleReplicas; i++) {
            stack.schedules.add(stack.replica("schedule-service", i));
        }
        for (int i = 0; i < notifyReplicas; i++) {
            stack.notifies.add(stack.replica("notify-service", i));
        }
        try {
            // Broker and every replica at once: a service starting before the broker connects when it is up (its
            // readiness waits for it; topics are the broker's, created before it says ready, 3 partitions as the
            // broker's default for any other), and TeamSeed creates each configured team once however many
            // replicas seed it. Started one after the other, the broker's start was 20-30 s of each drill.
            stack.kafka.start();
            for (ServiceReplica r : stack.all()) {
                r.process().start();
            }
            stack.awaitKafka();
            for (ServiceReplica r : stack.all()) {
                r.awaitReady();
            }
            return stack;
        } catch (Exception | Error e) {
            stack.close(); // what did start must not outlive a failed start
            throw e;
        }
    }

    private ServiceReplica replica(String service, int index) {
        boolean schedule = service.startsWith("schedule");
        int port = (schedule ? settings.schedulePort() : settings.notifyPort()) + 2 * index;
        Map<String, String> env = new HashMap<>(schedule ? serviceEnv : notifyEnv);
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        Path jar = schedule ? settings.scheduleJar() : settings.notifyJar();
        return new ServiceReplica(new JavaProcess(service + "-" + (index + 1),
                List.of("-Xmx512m", "-jar", jar.toString()), env, runDir), port);
    }

    private List<ServiceReplica> all() {
        List<ServiceReplica> all = new ArrayList<>(schedules);
        all.addAll(notifies);
        return all;
    }

    public ServiceReplica schedule(int index) {
        return schedules.get(index);
    }

    public ServiceReplica notify(int index) {
        return notifies.get(index);
    }

    public List<ServiceReplica> schedules() {
        return List.copyOf(schedules);
    }

    public List<ServiceReplica> notifies() {
        return List.copyOf(notifies);
    }

    public JavaProcess kafka() {
        return kafka;
    }

    public StackSettings settings() {
        return settings;
    }

    /**
     * Waits until the broker accepts connections and has created the topics (it does so before it says ready); at
     * most 300 s, as a service: starting beside both services on a loaded 2-core machine it took over 60 s.
     */
    public void awaitKafka() throws InterruptedException {
        long deadline = System.nanoTime() + BROKER_START.toNanos();
        while (true) {
            if (!kafka.alive()) {
                throw new IllegalStateException("the broker stopped; its log ends:\n" + kafka.tail());
            }
            try {
                if (Files.readString(kafka.log()).contains("Kafka broker ready on")) {
                    return;
                }
            } catch (IOException ignored) {
                // not written yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the broker is not ready after " + BROKER_START.toSeconds() + " s; see "
                        + kafka.log());
            }
            Thread.sleep(200); // a separate process: its log is the only thing to watch
        }
    }

    /** Restarts the broker: its ready line is counted, so the second start waits for the second line. */
    public void restartKafka() throws InterruptedException, IOException {
        long readyLines = Files.readAllLines(kafka.log()).stream().filter(l -> l.contains("Kafka broker ready on")).count();
        kafka.start();
        long deadline = System.nanoTime() + BROKER_START.toNanos();
        while (Files.readAllLines(kafka.log()).stream().filter(l -> l.contains("Kafka broker ready on")).count() <= readyLines) {
            if (!kafka.alive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the broker did not come back; its log ends:\n" + kafka.tail());
            }
            Thread.sleep(200); // as above
        }
    }

    public Connection scheduleDatabase() throws SQLException {
        return DriverManager.getConnection(settings.jdbcUrl(settings.scheduleDb()), settings.pgUser(), settings.pgPassword());
    }

    public Connection notifyDatabase() throws SQLException {
        return DriverManager.getConnection(settings.jdbcUrl(settings.notifyDb()), settings.pgUser(), settings.pgPassword());
    }

    private void recreateDatabase(String name) throws SQLException {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name " + name + ": lower case letters, digits and _ only");
        }
        try (Connection admin = DriverManager.getConnection(settings.jdbcUrl("postgres"), settings.pgUser(),
                settings.pgPassword()); Statement sql = admin.createStatement()) {
            for (int attempt = 1; ; attempt++) {
                try {
                    sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                    break;
                } catch (SQLException e) {
                    // 42501: a session our role may not end is still on the database; after a drill's tens of
                    // thousands of writes that was a superuser's process for a few seconds (seen once, right
                    // after kill-schedule's 40,000 tasks). Say who it is, and wait for it.
                    if (!"42501".equals(e.getSQLState()) || attempt == 60) {
                        throw e;
                    }
                    try (var others = sql.executeQuery("SELECT string_agg(coalesce(usename, '?') || ' ' || "
                            + "backend_type || ' ' || coalesce(state, ''), '; ') FROM pg_stat_activity WHERE datname = '"
                            + name + "' AND pid <> pg_backend_pid()")) {
                        others.next();
                        System.err.printf("database %s still in use (%s); waiting%n", name, others.getString(1));
                    }
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
            sql.execute("CREATE DATABASE " + name);
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * SIGTERM to every service replica at once (each stops within its grace period, in parallel), then the broker;
     * the databases stay for a look afterwards.
     */
    @Override
    public void close() throws InterruptedException {
        List<Thread> stopping = new ArrayList<>();
        for (ServiceReplica r : all()) {
            Thread t = new Thread(() -> {
                try {
                    r.process().terminate();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "stop-" + r.process().name());
            t.start();
            stopping.add(t);
        }
        for (Thread t : stopping) {
            t.join();
        }
        kafka.terminate();
    }
}
