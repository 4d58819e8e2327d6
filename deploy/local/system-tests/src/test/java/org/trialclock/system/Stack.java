package org.trialclock.system;

import org.trialclock.stack.Tokens;
import org.trialclock.stack.TestCallers;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.trialclock.stack.KafkaBroker;
import org.trialclock.stack.LocalPostgres;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * Everything real, nothing simulated: a KRaft broker, a fresh database per service, and both services' built
 * jars as processes (profile {@code e2e}, which only adds the test clock endpoint).
 */
final class Stack implements AutoCloseable {
    static final String ADMIN_TOKEN = "system-test";
    final LocalPostgres postgres = LocalPostgres.fromEnvironment();
    final KafkaBroker broker;
    final String scheduleDb;
    final String notifyDb;
    final GreenMail smtp;
    ServiceProcess schedule;
    ServiceProcess notify;
    private static Stack shared;

    /** One stack for all system tests of this JVM: starting it costs more than the tests. */
    static synchronized Stack shared() throws Exception {
        if (shared == null) {
            shared = new Stack();
            Stack stack = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    stack.close();
                } catch (Exception ignored) {
                    // the JVM is ending; a leftover test database is dropped by name prefix next time at worst
                }
            }));
        }
        return shared;
    }

    private Stack() throws Exception {
        // The services trust this run's test key; every RestAssured call carries the default caller's token.
        TestCallers.installDefaultBearer();
        broker = KafkaBroker.start(Files.createTempDirectory("trialclock-system-kafka"), 0, 0);
        broker.createTopics(KafkaBroker.TOPICS);
        scheduleDb = postgres.createFreshDatabase("schedule_system");
        notifyDb = postgres.createFreshDatabase("notify_system");
        smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        schedule = ServiceProcess.start("schedule-service", Path.of(System.getProperty("trialclock.schedule.jar")),
                freePort(), env(scheduleDb), logs());
        notify = ServiceProcess.start("notify-service", Path.of(System.getProperty("trialclock.notify.jar")),
                freePort(), notifyEnv(), logs());
        try {
            awaitReady();
        } catch (RuntimeException e) {
            // No shutdown hook holds this stack yet: without this the two service processes outlive the JVM.
            close();
            throw e;
        }
    }

    void awaitReady() {
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250))
                .until(() -> schedule.ready() && notify.ready());
    }

    Connection scheduleDatabase() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(scheduleDb), postgres.user(), postgres.password());
    }

    Connection notifyDatabase() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(notifyDb), postgres.user(), postgres.password());
    }

    /**
     * Takes a load test's synthetic tasks out of time's way (cancelled, nothing more to fire), so the tests after
     * it on this shared stack see only their own tasks come due.
     */
    void retireTasksOf(String enrollmentId) throws SQLException {
        try (Connection db = scheduleDatabase(); var update = db.prepareStatement("""
                UPDATE task SET status = 'CANCELLED', status_reason = 'load test over', next_transition = NULL, next_at = NULL
                WHERE enrollment_id = CAST(? AS uuid)""")) {
            update.setString(1, enrollmentId);
            update.executeUpdate();
        }
    }

    private Map<String, String> env(String database) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_PROFILE", "e2e");
        env.put("TRIALCLOCK_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(database));
        env.put("QUARKUS_DATASOURCE_USERNAME", postgres.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", postgres.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("OIDC_PUBLIC_KEY", Tokens.forThisJvm().publicKeyBase64());
        return env;
    }

    /** The environment notify-service runs with here: a second replica started with it shares its database. */
    Map<String, String> notifyEnv() {
        Map<String, String> env = env(notifyDb);
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()));
        env.put("SMTP_START_TLS", "DISABLED");
        return env;
    }

    static Path logs() {
        return Path.of(System.getProperty("trialclock.logs", "target/service-logs"));
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : new AutoCloseable[]{schedule, notify, broker}) {
            if (c != null) {
                c.close();
            }
        }
        smtp.stop();
        postgres.dropDatabase(scheduleDb);
        postgres.dropDatabase(notifyDb);
    }
}
