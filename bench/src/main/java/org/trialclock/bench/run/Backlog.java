package org.trialclock.bench.run;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the stack still has to do: due tasks not yet dispatched, outbox rows not yet relayed, trial-tasks records notify-service has not consumed,
 * notifications not yet delivered. Each step starts from an empty backlog, so one step's tail does not slow the next.
 */
final class Backlog implements AutoCloseable {
    private final Admin admin;
    private final Settings s;

    Backlog(Settings s) {
        this.s = s;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafka());
        admin = Admin.create(p);
    }

    Admin admin() {
        return admin;
    }

    long unsentOutbox() throws SQLException {
        return count(s.scheduleJdbc(), "SELECT count(*) FROM outbox WHERE sent_at IS NULL");
    }

    long pendingNotifications() throws SQLException {
        return count(s.notifyJdbc(), "SELECT count(*) FROM notification WHERE state = 'PENDING'");
    }

    /** Records on trial-tasks that notify-service's consumer group has not committed yet. */
    long notifyLag() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("notify-service")
                .partitionsToOffsetAndMetadata().get();
        var partitions = admin.describeTopics(java.util.List.of(DueWatcher.TOPIC)).allTopicNames().get()
                .get(DueWatcher.TOPIC).partitions().stream()
                .map(i -> new TopicPartition(DueWatcher.TOPIC, i.partition())).toList();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(partitions.stream()
                .collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest()))).all().get();
        long lag = 0;
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            lag += ends.get(tp).offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }

    /** Waits until nothing is left or the time is up; says what was left when it gave up. */
    String drain(Duration atMost) throws Exception {
        Instant until = Instant.now().plus(atMost);
        String left = "";
        while (Instant.now().isBefore(until)) {
            long due = count(s.scheduleJdbc(), "SELECT count(*) FROM task WHERE next_at <= now()");
            long outbox = unsentOutbox();
            long lag = notifyLag();
            long pending = pendingNotifications();
            if (due == 0 && outbox == 0 && lag == 0 && pending == 0) {
                return "";
            }
            left = "due-not-dispatched=" + due + " outbox=" + outbox + " notify-lag=" + lag
                    + " pending-notifications=" + pending;
            Thread.sleep(500);
        }
        return left;
    }

    private long count(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, s.dbUser(), s.dbPassword());
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
