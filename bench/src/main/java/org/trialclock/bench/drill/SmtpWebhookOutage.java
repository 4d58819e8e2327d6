package org.trialclock.bench.drill;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.trialclock.bench.stack.ServiceReplica;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * Drill 5: the mail server and the webhook receiver are down when the burst comes due and stay down for 20
 * minutes of notify-service's clock, longer than the 16 minutes after which six attempts used to give up. The
 * drill moves notify-service's dev clock a minute at a time ({@code POST /admin/clock/advance}), each step only
 * once the courier has made every attempt that was due, so each notification goes through its real retry
 * schedule in seconds. Then both come back, and the clock keeps moving a minute a second while the drill waits.
 */
final class SmtpWebhookOutage implements Drill {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration OUTAGE = Duration.ofMinutes(20);
    private static final Duration STEP = Duration.ofMinutes(1);

    @Override
    public String name() {
        return "smtp-webhook-outage";
    }

    @Override
    public int defaultTasks() {
        return 400;
    }

    @Override
    public void inject(DrillContext drill) throws Exception {
        drill.mail().down();
        drill.webhook().down();
        DrillContext.log("mail server and webhook receiver down before the due instant");
        int expected = drill.burst().expected();
        drill.awaitProgress(p -> p.notifications() >= expected, Duration.ofMinutes(3));
        ServiceReplica notify = drill.stack().notify(0);
        for (Duration moved = Duration.ZERO; moved.compareTo(OUTAGE) < 0; moved = moved.plus(STEP)) {
            awaitAttemptsMade(drill, notify);
            notify.call("POST", "/admin/clock/advance", "{\"by\":\"" + STEP + "\"}");
        }
        awaitAttemptsMade(drill, notify);
        drill.mail().up();
        drill.webhook().up();
        DrillContext.log("mail server and webhook receiver back after " + OUTAGE.toMinutes() + " min of notify-service's"
                + " clock; " + states(drill));
    }

    @Override
    public void settling(DrillContext drill) throws Exception {
        drill.stack().notify(0).call("POST", "/admin/clock/advance", "{\"by\":\"" + STEP + "\"}");
    }

    /** Waits until no pending notification is due at notify-service's clock: every attempt due so far was made. */
    private static void awaitAttemptsMade(DrillContext drill, ServiceReplica notify) throws Exception {
        Instant now = Instant.parse(JSON.readTree(notify.call("GET", "/admin/clock", null)).path("now").asText());
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        try (Connection db = drill.stack().notifyDatabase(); PreparedStatement due = db.prepareStatement(
                "SELECT count(*) FROM notification WHERE state = 'PENDING' AND next_attempt_at <= ?")) {
            due.setTimestamp(1, Timestamp.from(now));
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = due.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        return;
                    }
                }
                Thread.sleep(200); // the courier runs in notify-service's process; its table is what we can watch
            }
        }
        DrillContext.log("attempts due at " + now + " not all made within 2 min; moving on");
    }

    private static String states(DrillContext drill) throws Exception {
        StringBuilder out = new StringBuilder("notifications by state:");
        try (Connection db = drill.stack().notifyDatabase(); var s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT state, count(*), max(attempts) FROM notification GROUP BY state")) {
            while (rs.next()) {
                out.append(' ').append(rs.getString(1)).append('=').append(rs.getLong(2))
                        .append(" (max attempts ").append(rs.getInt(3)).append(')');
            }
        }
        return out.toString();
    }
}
