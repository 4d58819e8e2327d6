package org.trialclock.notify.channels;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The courier's claim on a realistically filled table: 100,000 due notifications for one webhook receiver whose
 * senders are all busy, and a few for another. It takes the other's earliest, at most the per-destination limit,
 * and reads an index, not the busy receiver's backlog. The rows are this transaction's own and are rolled back
 * (the running courier cannot see them).
 */
@QuarkusTest
class CourierClaimTest {
    @Inject
    EntityManager em;

    @Test
    void a_busy_destination_with_a_large_backlog_is_skipped_and_the_others_get_their_earliest_due() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String busy = "https://busy-" + run + ".example";
        String free = "https://free-" + run + ".example";
        QuarkusTransaction.begin(QuarkusTransaction.beginOptions().timeout(120));
        try {
            insert(busy, 100_000);
            insert(free, 20);
            em.createNativeQuery("ANALYZE notification").executeUpdate();

            assertThat(claim(List.of(busy), busy, free)).as("the busy receiver is skipped")
                    .extracting(Claimed::destination).containsOnly(free);
            List<Claimed> none = claim(List.of(""), busy, free);
            assertThat(none).filteredOn(c -> c.destination().equals(free)).extracting(Claimed::subjectId)
                    .as("the earliest due first, at most 8 per destination")
                    .containsExactly("S-20", "S-19", "S-18", "S-17", "S-16", "S-15", "S-14", "S-13");
            assertThat(none).filteredOn(c -> c.destination().equals(busy)).hasSize(8);

            @SuppressWarnings("unchecked")
            List<Object> lines = em.createNativeQuery("EXPLAIN " + Courier.CLAIM
                    .replace(":now", "now()").replace(":inFlight", "-1").replace(":perDestination", "8")
                    .replace(":full", "'" + busy + "'")).getResultList();
            String plan = lines.stream().map(Object::toString).collect(Collectors.joining("\n"));
            assertThat(plan).doesNotContain("Seq Scan on notification").contains("notification_work");
        } finally {
            QuarkusTransaction.rollback();
        }
    }

    private record Claimed(String destination, String subjectId) {
    }

    private List<Claimed> claim(List<String> full, String busy, String free) {
        @SuppressWarnings("unchecked")
        List<Notification> due = em.createNativeQuery(Courier.CLAIM, Notification.class)
                .setParameter("now", Instant.now()).setParameter("full", full).setParameter("inFlight", List.of(-1L))
                .setParameter("perDestination", 8).getResultList();
        List<Claimed> claimed = due.stream().filter(n -> n.destination.equals(busy) || n.destination.equals(free))
                .map(n -> new Claimed(n.destination, n.subjectId)).toList();
        due.forEach(em::detach);
        return claimed;
    }

    /** {@code n} due webhook notifications to {@code receiver}; S-n is the earliest due, S-1 the latest. */
    private void insert(String receiver, int n) {
        em.createNativeQuery("""
                INSERT INTO notification (event_id, event_type, subject_id, care_team, recipient, channel, address,
                                          subject, message, state, attempts, next_attempt_at, created_at, retry_until)
                SELECT gen_random_uuid()::text, 'trialclock.task.due', 'S-' || i, 'claim-test', 'ward', 'WEBHOOK',
                       :receiver || '/hook', 'Blood count', 'Blood count due', 'PENDING', 0,
                       now() - make_interval(secs => i), now(), now() + interval '1 day'
                FROM generate_series(1, :n) i""").setParameter("receiver", receiver).setParameter("n", n)
                .executeUpdate();
    }
}
