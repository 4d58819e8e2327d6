package org.trialclock.bench.stack;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How far a burst has come, read from both databases: tasks moved to DUE and their due events relayed
 * (schedule-service), due notifications written, and recipient-channel pairs sent (notify-service). A drill times its faults by it.
 * {@code unsent} leaves out parked outbox rows (refused by Kafka for good, waiting for an operator): they will not
 * move by themselves, so a drill that parks one (poison) would otherwise wait out its whole stall bound.
 */
public record Progress(long dueTasks, long dueRelayed, long unsent, long notifications, long sent) {

    /** The current progress, or {@code null} while a database cannot be reached (a restart in progress). */
    public static Progress of(LocalStack stack) {
        try (Connection schedule = stack.scheduleDatabase(); Connection notify = stack.notifyDatabase();
             Statement s = schedule.createStatement(); Statement n = notify.createStatement()) {
            long due;
            long relayed;
            long unsent;
            try (ResultSet rs = s.executeQuery("""
                    SELECT (SELECT count(*) FROM task WHERE activity = 'drill' AND status = 'DUE'),
                           (SELECT count(*) FROM outbox WHERE type = 'trialclock.task.due' AND sent_at IS NOT NULL),
                           (SELECT count(*) FROM outbox WHERE sent_at IS NULL AND parked_at IS NULL)""")) {
                rs.next();
                due = rs.getLong(1);
                relayed = rs.getLong(2);
                unsent = rs.getLong(3);
            }
            try (ResultSet rs = n.executeQuery("""
                    SELECT count(*), count(DISTINCT (task_id, recipient, channel)) FILTER (WHERE state = 'SENT') FROM notification
                    WHERE event_type = 'trialclock.task.due'""")) {
                rs.next();
                return new Progress(due, relayed, unsent, rs.getLong(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            return null;
        }
    }
}
