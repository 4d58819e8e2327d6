package org.trialclock.bench.stack;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A burst of tasks that come due together: the care team is configured (a nurse by email, the ward's system by
 * webhook), a few patients are enrolled through the REST API, and each gets its share of blood counts due at the
 * same instant, written straight into schedule-service's task table as a replica's planner would write them.
 * Several patients, so the burst spreads over the topic's partitions and can be shared by two replicas.
 */
public final class DueBurst {
    public static final String TEAM = "drill-team";
    public static final String NURSE = "nurse-drill";
    public static final String NURSE_EMAIL = "nurse-drill@drill.local";
    public static final String WARD_HOOK = "ward-system";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PATIENTS = 12;

    private final List<String> taskIds;
    private final Instant dueAt;

    private DueBurst(List<String> taskIds, Instant dueAt) {
        this.taskIds = taskIds;
        this.dueAt = dueAt;
    }

    /** The notifications each due task must cause: one per recipient and channel. */
    public static final int CHANNELS_PER_TASK = 2;

    /** Configures the team in notify-service; the webhook member posts to {@code webhookUrl}. */
    public static void configureTeam(ServiceReplica notify, String webhookUrl) throws Exception {
        notify.call("PUT", "/teams/" + TEAM, JSON.writeValueAsString(Map.of(
                "name", "Fault drill care team", "escalationContact", NURSE, "webhookSecret", "drill-webhook-secret",
                "members", List.of(
                        Map.of("name", NURSE, "role", "NURSE", "email", NURSE_EMAIL),
                        Map.of("name", WARD_HOOK, "role", "COORDINATOR", "webhookUrl", webhookUrl)))));
    }

    /** Plans {@code tasks} tasks due {@code lead} seconds from now; returns once they are written. */
    public static DueBurst plan(LocalStack stack, int tasks, int leadSeconds) throws Exception {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        List<String> enrollments = new ArrayList<>();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int p = 0; p < PATIENTS; p++) {
            String body = JSON.writeValueAsString(Map.of("subjectId", "DRILL-" + run + "-" + p,
                    "protocolId", "BLINA-PRE-HSCT-RCT", "arm", "DIRECT_HSCT", "siteId", "zju", "careTeam", TEAM,
                    "timezone", "Asia/Shanghai", "anchors", Map.of("RANDOMIZATION", today.toString())));
            enrollments.add(JSON.readTree(stack.schedule(0).call("POST", "/enrollments", body)).path("id").asText());
        }
        Instant dueAt = Instant.now().plusSeconds(leadSeconds);
        List<String> ids = new ArrayList<>(tasks);
        try (Connection db = stack.scheduleDatabase(); PreparedStatement insert = db.prepareStatement("""
                INSERT INTO task (id, enrollment_id, task_key, activity, kind, title, due_date, window_start, window_end,
                                  status, reminder_days, version, next_transition, next_at)
                SELECT gen_random_uuid(), CAST(? AS uuid), 'drill.' || n, 'drill', 'LAB_CHECK', 'Blood count ' || n,
                       ?, ?, ?, 'PLANNED', 0, 1, 'DUE', ?
                FROM generate_series(1, ?) AS n RETURNING id""")) {
            for (int p = 0; p < PATIENTS; p++) {
                int share = tasks / PATIENTS + (p < tasks % PATIENTS ? 1 : 0);
                insert.setString(1, enrollments.get(p));
                insert.setObject(2, today);
                insert.setObject(3, today);
                insert.setObject(4, today.plusDays(7));
                insert.setTimestamp(5, Timestamp.from(dueAt));
                insert.setInt(6, share);
                try (ResultSet rs = insert.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
        }
        return new DueBurst(List.copyOf(ids), dueAt);
    }

    public List<String> taskIds() {
        return taskIds;
    }

    public Instant dueAt() {
        return dueAt;
    }

    /** Notifications the burst must cause. */
    public int expected() {
        return taskIds.size() * CHANNELS_PER_TASK;
    }
}
