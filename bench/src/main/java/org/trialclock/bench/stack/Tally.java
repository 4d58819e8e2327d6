package org.trialclock.bench.stack;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The count a drill is judged by, per planned task, recipient and channel (the nurse by email, the ward's system
 * by webhook), against notify-service's database and every raw message the two receivers got:
 * <ul>
 * <li><b>lost</b>: no notification of the task's due alert for that recipient and channel is SENT in the
 * database, or the receiver never got it, or the task's due alert reached a dead-letter topic;</li>
 * <li><b>duplicated</b>: per pair, the larger of (notification rows - 1), the same alert raised twice, and (raw
 * messages received - 1), the alert received more than once under any Message-ID or webhook-id; plus every raw
 * due alert received that the burst did not call for ({@code unexpected}). So at the receivers it is raw due
 * alerts received minus distinct expected alerts received.</li>
 * </ul>
 * {@code sameIdRepeats} is the part of the receivers' extras that came under a delivery id already received:
 * repeats a count by distinct Message-ID or webhook-id would not have seen.
 */
public record Tally(int expected, int lost, int duplicated, int notSent, int notReceived, int deadLettered,
                    int unexpected, int sameIdRepeats, int rawMail, int rawWebhook) {

    /** A recipient and channel every due alert must reach, and how its receiver knows the recipient. */
    private record Route(String recipient, String channel, Deliveries receiver, String receivedAs) {
    }

    /** One notification row count and sent count for each pair, read from notify-service's database. */
    record Pair(int rows, int sent) {
    }

    public static Tally count(LocalStack stack, DueBurst burst, Deliveries mail, Deliveries webhook,
                              DeadLetters deadLetters) throws Exception {
        Map<String, Pair> pairs = new HashMap<>();
        try (Connection db = stack.notifyDatabase(); PreparedStatement query = db.prepareStatement("""
                SELECT CAST(task_id AS text), recipient, channel, count(*), count(*) FILTER (WHERE state = 'SENT')
                FROM notification WHERE event_type = 'trialclock.task.due' AND care_team = ?
                GROUP BY task_id, recipient, channel""")) {
            query.setString(1, DueBurst.TEAM);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    pairs.put(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3),
                            new Pair(rs.getInt(4), rs.getInt(5)));
                }
            }
        }
        return of(burst.taskIds(), pairs, mail, webhook, deadLetters.dueTaskIds());
    }

    /** The count from what was read: {@code pairs} by "task/recipient/channel". */
    static Tally of(List<String> taskIds, Map<String, Pair> pairs, Deliveries mail, Deliveries webhook,
                    Set<String> deadTaskIds) {
        int lost = 0;
        int duplicated = 0;
        int notSent = 0;
        int notReceived = 0;
        int deadLettered = 0;
        int sameIdRepeats = 0;
        List<Route> routes = List.of(new Route(DueBurst.NURSE, "EMAIL", mail, DueBurst.NURSE_EMAIL),
                new Route(DueBurst.WARD_HOOK, "WEBHOOK", webhook, DueBurst.WARD_HOOK));
        Set<Deliveries.Alert> expectedAlerts = new HashSet<>();
        for (String task : taskIds) {
            boolean dead = deadTaskIds.contains(task);
            for (Route route : routes) {
                Pair pair = pairs.getOrDefault(task + "/" + route.recipient() + "/" + route.channel(), new Pair(0, 0));
                expectedAlerts.add(new Deliveries.Alert(task, Deliveries.DUE, route.receivedAs(), route.channel()));
                int received = route.receiver().count(task, Deliveries.DUE, route.receivedAs());
                boolean sent = pair.sent() > 0;
                notSent += sent ? 0 : 1;
                notReceived += received == 0 ? 1 : 0;
                deadLettered += dead ? 1 : 0;
                lost += !sent || received == 0 || dead ? 1 : 0;
                duplicated += Math.max(0, Math.max(pair.rows() - 1, received - 1));
                sameIdRepeats += received - route.receiver().distinctIds(task, Deliveries.DUE, route.receivedAs());
            }
        }
        int unexpected = 0;
        for (Route route : routes) {
            for (Deliveries.Alert alert : route.receiver().alerts()) {
                if (alert.event().equals(Deliveries.DUE) && !expectedAlerts.contains(alert)) {
                    unexpected += route.receiver().count(alert.taskId(), alert.event(), alert.recipient());
                }
            }
        }
        return new Tally(taskIds.size() * routes.size(), lost, duplicated + unexpected, notSent, notReceived,
                deadLettered, unexpected, sameIdRepeats, mail.raw(), webhook.raw());
    }
}
