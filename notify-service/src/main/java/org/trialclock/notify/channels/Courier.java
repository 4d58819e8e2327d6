package org.trialclock.notify.channels;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.jboss.logging.Logger;
import org.trialclock.notify.routing.CareTeam;
import org.trialclock.notify.routing.Member;
import org.trialclock.outbox.BatchLoop;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers notifications. Each round first records the outcomes of the sends that ended since the last round, then
 * claims due notifications with {@code FOR UPDATE SKIP LOCKED}, at most {@link DeliveryConfig#perDestination()} per
 * destination that has a free slot, and leases them (pushes {@code next_attempt_at} ahead), so another replica, or
 * this one after a restart, only takes them again if this one died mid-send. Sends run outside any transaction on a
 * bounded pool, and the round does not wait for them: a slot frees as each send ends, and {@link SendSlots} caps
 * the sends to one destination, so a webhook or SMTP server that hangs until its timeout holds a few senders while
 * everyone else's alerts go out. Outcomes are recorded together, one transaction per round (a burst costs a commit
 * per round, not per send): SENT; or the next attempt per {@link RetryPolicy}, PENDING after a failure and
 * UNCERTAIN after a timeout (sent again with the same delivery id); or FAILED when the retry period is over, which
 * is escalated. A notification whose outcome is not yet recorded is never claimed again by this process. All retry
 * state is in the table, so it survives a restart.
 */
@ApplicationScoped
public class Courier {
    private static final Logger LOG = Logger.getLogger(Courier.class);
    // Hibernate expands a list parameter into "in (...)", which PostgreSQL refuses empty: these match nothing
    private static final String NO_DESTINATION = "";
    private static final long NO_NOTIFICATION = -1;
    /**
     * The due notifications of each destination with room, the earliest first, in one statement whatever the
     * backlog: the recursive part walks the distinct destinations with work (a skip scan of the index
     * {@code notification_work}, one probe per destination), the lateral part takes the first few due of each. A
     * destination whose senders are all busy costs one probe, not a scan of its backlog.
     */
    static final String CLAIM = """
            WITH RECURSIVE destinations AS (
                (SELECT destination FROM notification WHERE state IN ('PENDING', 'UNCERTAIN')
                 ORDER BY destination LIMIT 1)
                UNION ALL
                SELECT (SELECT n.destination FROM notification n
                        WHERE n.state IN ('PENDING', 'UNCERTAIN') AND n.destination > d.destination
                        ORDER BY n.destination LIMIT 1)
                FROM destinations d WHERE d.destination IS NOT NULL)
            SELECT due.* FROM destinations d
            CROSS JOIN LATERAL (
                SELECT * FROM notification n
                WHERE n.destination = d.destination AND n.state IN ('PENDING', 'UNCERTAIN')
                  AND n.next_attempt_at <= :now AND n.id NOT IN (:inFlight)
                ORDER BY n.next_attempt_at, n.id LIMIT :perDestination
                FOR UPDATE SKIP LOCKED) due
            WHERE d.destination IS NOT NULL AND d.destination NOT IN (:full)
            ORDER BY due.next_attempt_at, due.id""";
    /** The sends that went through, marked SENT with their attempt rows, in one statement. */
    private static final String MARK_SENT = """
            WITH sent AS (
                UPDATE notification n
                SET state = 'SENT', delivered_at = o.at, next_attempt_at = NULL, attempts = n.attempts + 1
                FROM unnest(?::bigint[], ?::timestamptz[]) AS o(id, at)
                WHERE n.id = o.id AND n.state IN ('PENDING', 'UNCERTAIN')
                RETURNING n.id, n.attempts, o.at)
            INSERT INTO delivery_attempt (notification_id, attempt, attempted_at, succeeded)
            SELECT id, attempts, at, true FROM sent""";

    private final EntityManager em;
    private final DeliveryConfig config;
    private final RetryPolicy retry;
    private final Clock clock;
    private final EmailChannel email;
    private final WebhookChannel webhook;
    private final DeliveryEscalation escalation;
    private final SendSlots slots;
    private final BatchLoop loop;
    /** Sends that ended, to be recorded by the next round. */
    private final Queue<Outcome> ended = new ConcurrentLinkedQueue<>();
    /** Notifications sent or being sent by this process whose outcome is not recorded yet: never claimed again. */
    private final Set<Long> unrecorded = ConcurrentHashMap.newKeySet();
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
        try {
            recordEnded();
        } catch (RuntimeException e) {
            LOG.warnf("shutdown: %d outcome(s) not recorded (%s); tried again when their lease ends", ended.size(),
                    e.getMessage());
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
        recordEnded();
        if (slots.free() <= 0) {
            return 0;
        }
        Claim claim = claim();
        for (Parcel parcel : claim.taken()) {
            senders.execute(() -> send(parcel));
        }
        // rows left because the slots ran out: the loop comes back at once while a round fills every slot
        return claim.taken().size() + claim.leftForLater();
    }

    private Claim claim() {
        List<Notification> taken = new ArrayList<>();
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Instant now = clock.instant();
                List<String> full = new ArrayList<>(slots.fullDestinations());
                full.add(NO_DESTINATION);
                List<Long> inFlight = new ArrayList<>(slots.inFlight());
                inFlight.addAll(unrecorded);
                inFlight.add(NO_NOTIFICATION);
                @SuppressWarnings("unchecked")
                List<Notification> due = em.createNativeQuery(CLAIM, Notification.class)
                        .setParameter("now", now).setParameter("full", full).setParameter("inFlight", inFlight)
                        .setParameter("perDestination", config.perDestination()).getResultList();
                List<Parcel> parcels = new ArrayList<>();
                for (Notification n : due) {
                    if (!slots.take(n.destination, n.id)) {
                        continue; // its destination or every slot filled up in this round: claimed later
                    }
                    taken.add(n);
                    parcels.add(new Parcel(n, n.channel == Channel.WEBHOOK ? secretOf(n) : null));
                }
                due.forEach(em::detach);
                if (!taken.isEmpty()) {
                    em.createNativeQuery("UPDATE notification SET next_attempt_at = :leaseEnd WHERE id IN (:ids)")
                            .setParameter("leaseEnd", now.plus(config.lease()))
                            .setParameter("ids", taken.stream().map(n -> n.id).toList()).executeUpdate();
                }
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

    /** How a send ended: delivered (no error), failed, or uncertain (it may have arrived). */
    private record Outcome(long id, Instant at, String error, boolean uncertain) {
    }

    private void send(Parcel parcel) {
        Notification n = parcel.notification();
        unrecorded.add(n.id);
        try {
            Outcome outcome = deliver(parcel);
            if (outcome != null) {
                ended.add(outcome);
            } else {
                unrecorded.remove(n.id); // abandoned to its lease
            }
        } catch (RuntimeException e) {
            unrecorded.remove(n.id);
            LOG.warnf(e, "notification %d: outcome not known; tried again when its lease ends", n.id);
        } finally {
            slots.release(n.destination, n.id);
            loop.wakeUp();
        }
    }

    private Outcome deliver(Parcel parcel) {
        Notification n = parcel.notification();
        try {
            switch (n.channel) {
                case EMAIL -> email.send(n);
                case WEBHOOK -> webhook.send(n, parcel.secret());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null; // shutting down: the lease runs out and the notification is tried again
        } catch (UncertainSend e) {
            return new Outcome(n.id, clock.instant(), e.getMessage(), true);
        } catch (Exception e) {
            return new Outcome(n.id, clock.instant(), e.getClass().getSimpleName() + ": " + e.getMessage(), false);
        }
        return new Outcome(n.id, clock.instant(), null, false);
    }

    /**
     * Records every ended send in one transaction: the delivered ones with one statement, each failure with its
     * next attempt. If the transaction fails, the outcomes stay queued for the next round (still never claimed
     * again by this process meanwhile).
     */
    private void recordEnded() {
        List<Outcome> batch = new ArrayList<>();
        for (Outcome o = ended.poll(); o != null; o = ended.poll()) {
            batch.add(o);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                List<Outcome> sent = batch.stream().filter(o -> o.error() == null).toList();
                if (!sent.isEmpty()) {
                    markSent(sent);
                }
                batch.stream().filter(o -> o.error() != null).forEach(this::recordFailure);
            });
        } catch (RuntimeException e) {
            ended.addAll(batch);
            throw e;
        }
        batch.forEach(o -> unrecorded.remove(o.id()));
    }

    /** Plain JDBC with arrays: a multi-row update from a list is not something JPQL expresses. */
    private void markSent(List<Outcome> sent) {
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement mark = connection.prepareStatement(MARK_SENT)) {
                mark.setArray(1, connection.createArrayOf("bigint", sent.stream().map(Outcome::id).toArray()));
                mark.setArray(2, connection.createArrayOf("timestamptz", sent.stream()
                        .map(o -> OffsetDateTime.ofInstant(o.at(), ZoneOffset.UTC)).toArray()));
                mark.executeUpdate();
            }
        });
    }

    /** A failed or uncertain send: its attempt row, and its next attempt or FAILED (escalated). */
    private void recordFailure(Outcome outcome) {
        long id = outcome.id();
        String error = outcome.error();
        Notification n = Notification.findById(id);
        if (!n.state.inProgress()) {
            return; // recorded already (a replica that took it after our lease ran out)
        }
        Instant now = outcome.at();
        n.attempts++;
        DeliveryAttempt attempt = new DeliveryAttempt();
        attempt.notificationId = n.id;
        attempt.attempt = n.attempts;
        attempt.attemptedAt = now;
        attempt.succeeded = false;
        attempt.detail = error;
        attempt.persist();
        n.lastError = error;
        // once a send may have arrived, it stays UNCERTAIN until one is confirmed: a later refusal does not
        // tell whether the earlier one got through
        boolean mayHaveArrived = outcome.uncertain() || n.state == DeliveryState.UNCERTAIN;
        var next = retry.nextAttempt(n.attempts, now, n.retryUntil);
        if (next.isPresent()) {
            n.state = mayHaveArrived ? DeliveryState.UNCERTAIN : DeliveryState.PENDING;
            n.nextAttemptAt = next.get();
            LOG.infof("notification %d to %s: attempt %d %s (%s); next at %s", id, n.address, n.attempts,
                    outcome.uncertain() ? "timed out" : "failed", error, next.get());
        } else {
            n.state = DeliveryState.FAILED;
            n.nextAttemptAt = null;
            LOG.warnf("notification %d to %s via %s FAILED after %d attempts until %s: %s", id, n.address,
                    n.channel, n.attempts, n.retryUntil, error);
            escalation.failed(n);
        }
    }
}
