package org.trialclock.notify.inbox;

import org.trialclock.stack.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.trialclock.events.EventTypes;
import org.trialclock.events.TaskPayload;
import org.trialclock.notify.TrialTasksTopic;
import org.trialclock.stack.KafkaBrokerResource;
import org.trialclock.stack.TopicReader;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database that is briefly away is not a poison record: the consumer retries with backoff and keeps its place,
 * and nothing reaches {@code trial-tasks-dlq}. The database is made away for real (its connections terminated and
 * new ones refused; a row locked past {@code lock_timeout}), the broker is real.
 */
@QuarkusTest
class DatabaseAwayTest {
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;
    @ConfigProperty(name = "quarkus.datasource.username")
    String user;
    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Test
    void a_due_event_arriving_while_the_database_refuses_connections_waits_and_is_processed_once_it_is_back()
            throws Exception {
        TaskPayload task = TrialTasksTopic.doseStepUp(TestCallers.team("team"), LocalDate.now(), "DUE", 2);
        String eventId = UUID.randomUUID().toString();
        try (Connection admin = DriverManager.getConnection(url, user, password);
             Statement sql = admin.createStatement();
             TrialTasksTopic topic = new TrialTasksTopic();
             TopicReader dlq = new TopicReader(KafkaBrokerResource.broker().bootstrapServers(), "trial-tasks-dlq")) {
            String database = database(admin);
            try {
                // a failover as the service sees it: every connection cut, new ones refused for a while
                sql.execute("ALTER DATABASE \"" + database + "\" CONNECTION LIMIT 0");
                sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        + "WHERE datname = current_database() AND pid <> pg_backend_pid()");
                topic.send(eventId, EventTypes.TASK_DUE, task);
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                        .until(() -> processed(admin, eventId) == 0 && deadLettered(dlq, eventId) == 0);
            } finally {
                sql.execute("ALTER DATABASE \"" + database + "\" CONNECTION LIMIT -1");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> processed(admin, eventId) == 1);
            assertThat(status(admin, task.id())).isEqualTo("DUE");
            assertThat(deadLettered(dlq, eventId)).isZero();
        }
    }

    @Test
    void an_update_waiting_on_a_locked_task_past_its_lock_timeout_is_retried_not_dead_lettered() throws Exception {
        TaskPayload planned = TrialTasksTopic.doseStepUp(TestCallers.team("team"), LocalDate.now(), "PLANNED", 1);
        String dueId = UUID.randomUUID().toString();
        try (Connection admin = DriverManager.getConnection(url, user, password);
             Connection locker = DriverManager.getConnection(url, user, password);
             TrialTasksTopic topic = new TrialTasksTopic();
             TopicReader dlq = new TopicReader(KafkaBrokerResource.broker().bootstrapServers(), "trial-tasks-dlq")) {
            topic.send(UUID.randomUUID().toString(), EventTypes.TASK_SCHEDULED, planned);
            await().until(() -> status(admin, planned.id()) != null);

            locker.setAutoCommit(false);
            try (PreparedStatement lock = locker.prepareStatement(
                    "SELECT 1 FROM task_view WHERE task_id = CAST(? AS uuid) FOR UPDATE")) {
                lock.setString(1, planned.id());
                lock.executeQuery().close();
            }
            topic.send(dueId, EventTypes.TASK_DUE, TrialTasksTopic.with(planned, "DUE", 2));
            // lock_timeout is 1 s in tests: several attempts fail while the row stays locked
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                    .until(() -> processed(admin, dueId) == 0 && deadLettered(dlq, dueId) == 0);
            locker.rollback();

            await().atMost(Duration.ofSeconds(30)).until(() -> processed(admin, dueId) == 1);
            assertThat(status(admin, planned.id())).isEqualTo("DUE");
            assertThat(deadLettered(dlq, dueId)).isZero();
        }
    }

    private static String database(Connection db) throws SQLException {
        try (ResultSet rs = db.createStatement().executeQuery("SELECT current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long processed(Connection db, String eventId) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT count(*) FROM processed_event WHERE event_id = ?")) {
            q.setString(1, eventId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String status(Connection db, String taskId) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT status FROM task_view WHERE task_id = CAST(? AS uuid)")) {
            q.setString(1, taskId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static long deadLettered(TopicReader dlq, String eventId) {
        return dlq.poll().stream().filter(r -> eventId.equals(TopicReader.header(r, "ce_id"))).count();
    }
}
