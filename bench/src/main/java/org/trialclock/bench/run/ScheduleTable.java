package org.trialclock.bench.run;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;
import java.util.UUID;

/**
 * Writes the bench's work straight into schedule-service's tables, as another replica would: enrollments copied
 * from one enrolled through REST, and tasks whose next transition is DUE at chosen instants. Going around REST here
 * is deliberate: a burst of 100,000 due tasks through the API would measure enrollment, which step 5 measures on
 * its own, and would flood notify-service with task.scheduled events before the burst starts.
 */
final class ScheduleTable implements AutoCloseable {
    static final String TEAM = "bench-webhook";
    private final Connection db;

    ScheduleTable(Settings s) throws SQLException {
        this.db = DriverManager.getConnection(s.scheduleJdbc(), s.dbUser(), s.dbPassword());
    }

    /** Copies the template enrollment {@code count} times into the bench's care team; returns how many exist. */
    int copyEnrollments(UUID template, int count) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("""
                INSERT INTO enrollment (id, subject_id, protocol_id, protocol_version, arm, risk_group, site_id,
                    care_team, timezone, weight_kg, anchors, status, enrolled_on, created_at)
                SELECT gen_random_uuid(), 'BENCH-COPY-' || n, protocol_id, protocol_version, arm, risk_group, 'bench',
                    ?, timezone, weight_kg, anchors, status, enrolled_on, now()
                FROM enrollment, generate_series(1, ?) n WHERE id = ?""")) {
            st.setString(1, TEAM);
            st.setInt(2, count);
            st.setObject(3, template);
            return st.executeUpdate();
        }
    }

    /**
     * Inserts {@code perEnrollment} tasks for each bench enrollment, DUE at {@code dueAt}, in one transaction;
     * returns the instant the rows became visible (the commit), which may be after {@code dueAt}.
     */
    Instant insertDue(String burst, int perEnrollment, Instant dueAt) throws SQLException {
        exec("""
                INSERT INTO task (id, enrollment_id, task_key, activity, kind, title, cycle, due_date, window_start,
                    window_end, status, reminder_days, version, next_transition, next_at)
                SELECT gen_random_uuid(), e.id, '%s-' || n, 'bench-lab', 'LAB_CHECK', 'Bench lab check ' || n, NULL,
                    current_date, current_date, current_date + 30, 'PLANNED', 0, 0, 'DUE', '%s'::timestamptz
                FROM enrollment e, generate_series(1, %d) n WHERE e.care_team = '%s'"""
                .formatted(burst, dueAt, perEnrollment, TEAM));
        return Instant.now();
    }

    /** Tasks due one after another, {@code step} apart from {@code first}; returns each task's id and due instant. */
    Map<String, Instant> insertSpread(String burst, int count, Instant first, long stepMillis) throws SQLException {
        Map<String, Instant> due = new HashMap<>();
        try (PreparedStatement st = db.prepareStatement("""
                INSERT INTO task (id, enrollment_id, task_key, activity, kind, title, due_date, window_start,
                    window_end, status, reminder_days, version, next_transition, next_at)
                SELECT gen_random_uuid(), e.ids[1 + n % cardinality(e.ids)], ? || '-' || n, 'bench-lab', 'LAB_CHECK', 'Bench lab check', current_date,
                    current_date, current_date + 30, 'PLANNED', 0, 0, 'DUE',
                    ?::timestamptz + (n * ?) * interval '1 millisecond'
                FROM generate_series(0, ? - 1) n,
                     (SELECT array_agg(id ORDER BY id) ids FROM enrollment WHERE care_team = ?) e
                RETURNING id, next_at""")) {
            st.setString(1, burst);
            st.setTimestamp(2, Timestamp.from(first));
            st.setLong(3, stepMillis);
            st.setInt(4, count);
            st.setString(5, TEAM);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    due.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                }
            }
        }
        return due;
    }

    /**
     * The other planned tasks of step 3: PLANNED, next transition a due date spread over the coming year, as a
     * large site's table would hold. The bench enrollments carry them (the foreign key needs one). Written in
     * chunks of 100,000, each its own transaction, until {@code count} or the time is up; returns how many.
     */
    int insertPlanned(int count, java.time.Duration atMost) throws SQLException {
        long until = System.nanoTime() + atMost.toNanos();
        int done = 0;
        while (done < count && System.nanoTime() < until) {
            int chunk = Math.min(100_000, count - done);
            try (PreparedStatement st = db.prepareStatement("""
                    INSERT INTO task (id, enrollment_id, task_key, activity, kind, title, due_date, window_start,
                        window_end, status, reminder_days, version, next_transition, next_at)
                    SELECT gen_random_uuid(), e.ids[1 + n % cardinality(e.ids)], 'other-' || n, 'bench-follow-up',
                        'FOLLOW_UP', 'Bench follow-up', current_date + 1 + n % 365, current_date + 1 + n % 365,
                        current_date + 15 + n % 365, 'PLANNED', 0, 0, 'DUE',
                        now() + interval '1 day' + (n % 365) * interval '1 day' + (n % 86400) * interval '1 second'
                    FROM generate_series(?, ?) n,
                         (SELECT array_agg(id ORDER BY id) ids FROM enrollment WHERE care_team = ?) e""")) {
                st.setInt(1, done + 1);
                st.setInt(2, done + chunk);
                st.setString(3, TEAM);
                done += st.executeUpdate();
            }
        }
        exec("ANALYZE task");
        return done;
    }

    /**
     * Takes the burst's tasks not dispatched yet off the dispatcher's list, so a burst cut short by its time limit
     * does not slow the next step. Rows the dispatcher holds are skipped: it is dispatching them.
     */
    int withdraw(String burst) throws SQLException {
        try (PreparedStatement st = db.prepareStatement(
                "UPDATE task SET next_at = NULL, next_transition = NULL WHERE id IN (SELECT id FROM task"
                        + " WHERE task_key LIKE ? AND status = 'PLANNED' AND next_transition = 'DUE'"
                        + " FOR UPDATE SKIP LOCKED)")) {
            st.setString(1, burst + "-%");
            return st.executeUpdate();
        }
    }

    /** The ids of one burst's tasks. */
    Set<String> ids(String burst) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (PreparedStatement st = db.prepareStatement("SELECT id FROM task WHERE task_key LIKE ?")) {
            st.setString(1, burst + "-%");
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    long count(String sql) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    void exec(String sql) throws SQLException {
        try (Statement st = db.createStatement()) {
            st.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
