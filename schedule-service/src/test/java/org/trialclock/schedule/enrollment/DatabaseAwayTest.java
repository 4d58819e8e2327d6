package org.trialclock.schedule.enrollment;

import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.trialclock.events.EventTypes;
import org.trialclock.stack.CloudEventWriter;
import org.trialclock.stack.KafkaBrokerResource;
import org.trialclock.stack.TopicReader;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An enrollment request that arrives while the database is away (every connection cut, new ones refused) waits
 * for it and is then enrolled; it is not dead-lettered as if it were a bad request.
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
    void an_enrollment_requested_while_the_database_refuses_connections_is_enrolled_once_it_is_back() throws Exception {
        String subject = Coordinator.subject();
        String eventId = UUID.randomUUID().toString();
        try (Connection admin = DriverManager.getConnection(url, user, password);
             Statement sql = admin.createStatement();
             CloudEventWriter writer = new CloudEventWriter(KafkaBrokerResource.broker().bootstrapServers());
             TopicReader dlq = new TopicReader(KafkaBrokerResource.broker().bootstrapServers(), "enrollments-dlq")) {
            String database;
            try (ResultSet rs = sql.executeQuery("SELECT current_database()")) {
                rs.next();
                database = rs.getString(1);
            }
            try {
                sql.execute("ALTER DATABASE \"" + database + "\" CONNECTION LIMIT 0");
                sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        + "WHERE datname = current_database() AND pid <> pg_backend_pid()");
                writer.send(EventTypes.TOPIC_ENROLLMENTS, "ext-" + subject, eventId, EventTypes.ENROLLMENT_REQUESTED,
                        Coordinator.dliEnrollment(subject, Coordinator.today().minusDays(62)));
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                        .until(() -> enrolled(admin, subject) == 0 && deadLettered(dlq, eventId) == 0);
            } finally {
                sql.execute("ALTER DATABASE \"" + database + "\" CONNECTION LIMIT -1");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> enrolled(admin, subject) == 1);
            assertThat(deadLettered(dlq, eventId)).isZero();
        }
    }

    private static long enrolled(Connection db, String subject) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT count(*) FROM enrollment WHERE subject_id = ?")) {
            q.setString(1, subject);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long deadLettered(TopicReader dlq, String eventId) {
        return dlq.poll().stream().filter(r -> eventId.equals(TopicReader.header(r, "ce_id"))).count();
    }
}
