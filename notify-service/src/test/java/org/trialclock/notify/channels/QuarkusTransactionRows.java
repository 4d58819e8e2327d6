package org.trialclock.notify.channels;

import io.quarkus.narayana.jta.QuarkusTransaction;

import java.time.Instant;
import java.util.UUID;

/** Writes rows directly, as a process that stopped half way would have left them. */
final class QuarkusTransactionRows {
    private QuarkusTransactionRows() {
    }

    static void insertPending(UUID taskId, String team, String recipient, String url, int attempts, Instant due) {
        QuarkusTransaction.requiringNew().run(() -> {
            Notification n = new Notification();
            n.eventId = UUID.randomUUID().toString();
            n.eventType = "trialclock.task.due";
            n.taskId = taskId;
            n.enrollmentId = UUID.randomUUID();
            n.subjectId = "ZJU-0002";
            n.careTeam = team;
            n.recipient = recipient;
            n.channel = Channel.WEBHOOK;
            n.address = url;
            n.subject = "[TrialClock] Due now: ZJU-0002";
            n.message = "Due now for subject ZJU-0002";
            n.state = DeliveryState.PENDING;
            n.attempts = attempts;
            n.nextAttemptAt = due;
            n.createdAt = due;
            n.retryUntil = due.plus(java.time.Duration.ofHours(24));
            n.persist();
        });
    }

    /** A notification given up on, as a past outage left it; returns its id. */
    static long insertFailed(String team, String recipient, String url, Instant at) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Notification n = new Notification();
            n.eventId = UUID.randomUUID().toString();
            n.eventType = "trialclock.task.due";
            n.taskId = UUID.randomUUID();
            n.enrollmentId = UUID.randomUUID();
            n.subjectId = "ZJU-0003";
            n.careTeam = team;
            n.recipient = recipient;
            n.channel = Channel.WEBHOOK;
            n.address = url;
            n.subject = "[TrialClock] Due now: ZJU-0003";
            n.message = "Due now for subject ZJU-0003";
            n.state = DeliveryState.FAILED;
            n.attempts = 40;
            n.lastError = "ConnectException: refused";
            n.createdAt = at;
            n.retryUntil = at;
            n.persist();
            return n.id;
        });
    }

    static long countInState(DeliveryState state) {
        return QuarkusTransaction.requiringNew().call(() -> Notification.count("state", state));
    }
}
