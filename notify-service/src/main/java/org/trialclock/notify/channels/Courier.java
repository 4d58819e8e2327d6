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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers notifications. Each round claims due ones with {@code FOR UPDATE SKIP LOCKED} and leases them (pushes
 * {@code next_attempt_at} ahead), so another replica, or this one after a restart, only takes them again if this
 * one died mid-send. Sends run outside any transaction on a bounded pool, and the round does not wait for them:
 * a slot frees as each send ends, and {@link SendSlots} caps the sends to one destination, so a webhook or SMTP
 * server that hangs until its timeout holds a few senders while everyone else's alerts go out. Each outcome is
 * recorded in its own transaction: SENT; or the next attempt per {@link RetryPolicy}, PENDING after a failure and
 * UNCERTAIN after a timeout (sent again with the same delivery id); or FAILED when the retry period is over, which
 * is escalated. All retry state is in the table, so it survives a restart.
 */
@ApplicationScoped
public class Courier {
    private static final Logger LOG = Logger.getLogger(Courier.class);
    // Hibernate expands a list parameter into "in (...)", which PostgreSQL refuses empty: these match nothing
    private static final String NO_DESTINATION = "";
    private static final long NO_NOTIFICATION = -1;

    private final EntityManager em;
    private final DeliveryConfig config;
    private final RetryPolicy retry;
    private final Clock clock;
    private final EmailChannel email;
    private final WebhookChannel webhook;
    private final DeliveryEscalation escalation;
    private final SendSlots slots;
    private final BatchLoop loop;
    private ExecutorService senders;

    Courier(EntityManager em, DeliveryConfig config, Clock clock, EmailChannel email, WebhookChannel webhook,
            DeliveryEscalation escalation) {
        this.em = em;
        this.config = config;
        this.retry = RetryPolicy.of(config);
        this.clock = clock;
        this.email = email;
        this.webhook = webhook;
        this.escalation = escalation;
        this.slots = new SendSlots(config.senders(), config.perDestination());
        this.loop = new BatchLoop("courier", config.senders(), this::deliverRound, config::pollInterval,
                config.pollInterval());
    }

    void start(@Observes StartupEvent ignored) {
        AtomicInteger n = new AtomicInteger();
        senders = Executors.newFixedThreadPool(config.senders(), r -> {
            Thread t = new Thread(r, "courier-send-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        loop.start();
    }

    /** Claims nothing more, lets the sends in flight finish and be recorded, then abandons the rest to their lease. */
    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        loop.stop();
        if (senders != null) {
            senders.shutdown();
            if (!senders.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                senders.shutdownNow();
            }
        }
    }

    void raised(@Observes(during = TransactionPhase.AFTER_SUCCESS) Alerts.Raised ignored) {
        loop.wakeUp();
    }

    /** Look for due notifications now (an operator re-sent some). */
    void wakeUp() {
        loop.wakeUp();
    }

    /** A claimed notification with what sending it needs, read inside the claiming transaction. */
    private record Parcel(Notification notification, String secret) {
    }

    private record Claim(List<Parcel> taken, int leftForLater) {
    }

    /**
     * Claims what the free slots can take and starts sending it; returns a full batch while more may be claimable
     * at once (the loop then comes straight back), else how many it took.
     */
    int deliverRound() {
        if (slots.free() <= 0) {
            return 0;
        }
        Claim claim = claim();
        for (Parcel parcel : claim.taken()) {
            senders.execute(() -> send(parcel));
        }
        // rows left because their destination filled up: look again at once, without that destination
        return claim.leftForLater() > 0 && !claim.taken().isEmpty() ? config.senders() : claim.taken().size();
    }

    private Claim claim() {
        List<Notification> taken = new ArrayList<>();
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Instant now = clock.instant();
                List<String> full = new ArrayList<>(slots.fullDestinations());
                full.add(NO_DESTINATION);
                List<Long> inFlight = new ArrayList<>(slots.inFlight());
                inFlight.add(NO_NOTIFICATION);
                @SuppressWarnings("unchecked")
                List<Notification> due = em.createNativeQuery("""
                        SELECT * FROM notification
                        WHERE state IN ('PENDING', 'UNCERTAIN') AND next_attempt_at <= :now
                          AND destination NOT IN (:full) AND id NOT IN (:inFlight)
                        ORDER BY next_attempt_at, id LIMIT :n FOR UPDATE SKIP LOCKED""", Notification.class)
                        .setParameter("now", now).setParameter("full", full).setParameter("inFlight", inFlight)
                        .setParameter("n", slots.free()).getResultList();
                Instant leaseEnd = now.plus(config.lease());
                List<Parcel> parcels = new ArrayList<>();
                for (Notification n : due) {
                    if (!slots.take(n.destination, n.id)) {
                        continue; // its destination filled up in this round: still due, claimed later
                    }
                    taken.add(n);
                    n.nextAttemptAt = leaseEnd;
                    parcels.add(new Parcel(n, n.channel == Channel.WEBHOOK ? secretOf(n) : null));
                }
                em.flush();
                parcels.forEach(p -> em.detach(p.notification()));
                return new Claim(parcels, due.size() - parcels.size());
            });
        } catch (RuntimeException e) {
            taken.forEach(n -> slots.release(n.destination, n.id)); // not leased after all
            throw e;
        }
    }

    private static String secretOf(Notification n) {
        CareTeam team = CareTeam.findById(n.careTeam);
        return team == null ? null : team.members.stream().filter(m -> m.name.equals(n.recipient))
                .findFirst().map(Member::signingSecret).orElse(team.webhookSecret);
    }

    private void send(Parcel parcel) {
        Notification n = parcel.notification();
        try {
            deliver(parcel);
        } catch (RuntimeException e) {
            LOG.warnf(e, "notification %d: outcome not recorded; tried again when its lease ends", n.id);
        } finally {
            slots.release(n.destination, n.id);
            loop.wakeUp();
        }
    }

    private void deliver(Parcel parcel) {
        Notification n = parcel.notification();
        try {
            switch (n.channel) {
                case EMAIL -> email.send(n);
                case WEBHOOK -> webhook.send(n, parcel.secret());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // shutting down: the lease runs out and the notification is tried again
        } catch (UncertainSend e) {
            record(n.id, e.getMessage(), true);
            return;
        } catch (Exception e) {
            record(n.id, e.getClass().getSimpleName() + ": " + e.getMessage(), false);
            return;
        }
        record(n.id, null, false);
    }

    private void record(long id, String error, boolean uncertain) {
        QuarkusTransaction.requiringNew().run(() -> {
            Notification n = Notification.findById(id);
            if (!n.state.inProgress()) {
                return; // recorded already (a replica that took it after our lease ran out)
            }
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
            // once a send may have arrived, it stays UNCERTAIN until one is confirmed: a later refusal does not
            // tell whether the earlier one got through
            boolean mayHaveArrived = uncertain || n.state == DeliveryState.UNCERTAIN;
            var next = retry.nextAttempt(n.attempts, now, n.retryUntil);
            if (next.isPresent()) {
                n.state = mayHaveArrived ? DeliveryState.UNCERTAIN : DeliveryState.PENDING;
                n.nextAttemptAt = next.get();
                LOG.infof("notification %d to %s: attempt %d %s (%s); next at %s", id, n.address, n.attempts,
                        uncertain ? "timed out" : "failed", error, next.get());
            } else {
                n.state = DeliveryState.FAILED;
                n.nextAttemptAt = null;
                LOG.warnf("notification %d to %s via %s FAILED after %d attempts until %s: %s", id, n.address,
                        n.channel, n.attempts, n.retryUntil, error);
                escalation.failed(n);
            }
        });
    }
}
