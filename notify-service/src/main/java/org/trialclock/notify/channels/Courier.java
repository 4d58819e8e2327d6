package org.trialclock.notify.channels;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.trialclock.notify.routing.CareTeam;
import org.trialclock.notify.routing.Member;
import org.trialclock.outbox.BatchLoop;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers pending notifications. Each round claims the due ones with {@code FOR UPDATE SKIP LOCKED} and leases them
 * (pushes {@code next_attempt_at} ahead), so another replica, or this one after a restart, only takes them again if
 * this one died mid-send. The sends happen outside any transaction and in parallel; each outcome is recorded in its
 * own transaction: SENT, or the next attempt per {@link RetryPolicy}, or FAILED after the last. All retry state is in
 * the table, so it survives a restart. A failing receiver only ever costs its own attempts: its retries wait in the
 * table while every other notification goes out.
 */
@ApplicationScoped
public class Courier {
    private static final Logger LOG = Logger.getLogger(Courier.class);

    private final EntityManager em;
    private final DeliveryConfig config;
    private final RetryPolicy retry;
    private final Clock clock;
    private final EmailChannel email;
    private final WebhookChannel webhook;
    private final BatchLoop loop;
    private ExecutorService senders;

    Courier(EntityManager em, DeliveryConfig config, Clock clock, EmailChannel email, WebhookChannel webhook) {
        this.em = em;
        this.config = config;
        this.retry = RetryPolicy.of(config);
        this.clock = clock;
        this.email = email;
        this.webhook = webhook;
        this.loop = new BatchLoop("courier", config.batchSize(), this::deliverRound, config::pollInterval,
                config.pollInterval());
    }

    void start(@Observes StartupEvent ignored) {
        AtomicInteger n = new AtomicInteger();
        senders = Executors.newFixedThreadPool(config.batchSize(), r -> {
            Thread t = new Thread(r, "courier-send-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        loop.start();
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        loop.stop();
        if (senders != null) {
            senders.shutdownNow();
        }
    }

    void raised(@Observes(during = TransactionPhase.AFTER_SUCCESS) Alerts.Raised ignored) {
        loop.wakeUp();
    }

    /** A claimed notification with what sending it needs, read inside the claiming transaction. */
    private record Parcel(Notification notification, String secret) {
    }

    /** Claims, sends and records one round; returns how many notifications it claimed. */
    int deliverRound() throws InterruptedException {
        List<Parcel> parcels = claim();
        if (parcels.isEmpty()) {
            return 0;
        }
        List<Callable<Void>> sends = parcels.stream().<Callable<Void>>map(p -> () -> {
            try {
                deliver(p);
            } catch (RuntimeException e) {
                LOG.warnf(e, "notification %d: outcome not recorded; tried again when its lease ends",
                        p.notification().id);
            }
            return null;
        }).toList();
        // a send still running when the lease ends is cancelled: its notification is claimable again by then
        senders.invokeAll(sends, config.lease().toMillis(), TimeUnit.MILLISECONDS);
        return parcels.size();
    }

    private List<Parcel> claim() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            @SuppressWarnings("unchecked")
            List<Notification> due = em.createNativeQuery("""
                    SELECT * FROM notification WHERE state = 'PENDING' AND next_attempt_at <= :now
                    ORDER BY next_attempt_at, id LIMIT :n FOR UPDATE SKIP LOCKED""", Notification.class)
                    .setParameter("now", now).setParameter("n", config.batchSize()).getResultList();
            Instant leaseEnd = now.plus(config.lease());
            return due.stream().map(n -> {
                n.nextAttemptAt = leaseEnd;
                String secret = n.channel == Channel.WEBHOOK ? secretOf(n) : null;
                em.flush();
                em.detach(n);
                return new Parcel(n, secret);
            }).toList();
        });
    }

    private static String secretOf(Notification n) {
        CareTeam team = CareTeam.findById(n.careTeam);
        return team == null ? null : team.members.stream().filter(m -> m.name.equals(n.recipient))
                .findFirst().map(Member::signingSecret).orElse(team.webhookSecret);
    }

    private void deliver(Parcel parcel) {
        Notification n = parcel.notification();
        String error = null;
        try {
            switch (n.channel) {
                case EMAIL -> email.send(n);
                case WEBHOOK -> webhook.send(n, parcel.secret());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // shutting down: the lease runs out and the notification is tried again
        } catch (Exception e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        record(n.id, error);
    }

    private void record(long id, String error) {
        QuarkusTransaction.requiringNew().run(() -> {
            Notification n = Notification.findById(id);
            Instant now = clock.instant();
            n.attempts++;
            DeliveryAttempt attempt = new DeliveryAttempt();
            attempt.notificationId = n.id;
            attempt.attempt = n.attempts;
            attempt.attemptedAt = now;
            attempt.succeeded = error == null;
            attempt.detail = error;
            attempt.persist();
            if (error == null) {
                n.state = DeliveryState.SENT;
                n.deliveredAt = now;
                n.nextAttemptAt = null;
                return;
            }
            n.lastError = error;
            var wait = retry.nextWait(n.attempts);
            if (wait.isPresent()) {
                n.nextAttemptAt = now.plus(wait.get());
                LOG.infof("notification %d to %s: attempt %d failed (%s); next in %s", id, n.address, n.attempts,
                        error, wait.get());
            } else {
                n.state = DeliveryState.FAILED;
                n.nextAttemptAt = null;
                LOG.warnf("notification %d to %s via %s FAILED after %d attempts: %s", id, n.address, n.channel,
                        n.attempts, error);
            }
        });
    }
}
