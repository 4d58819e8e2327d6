package org.trialclock.schedule.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.trialclock.events.EventTypes;
import org.trialclock.outbox.Outbox;
import org.trialclock.outbox.OutboxRelay;
import org.trialclock.outbox.OversizedEvent;
import org.trialclock.stack.KafkaBrokerResource;
import org.trialclock.stack.TopicReader;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
class OutboxRelayTest {
    @Inject
    EntityManager em;
    @Inject
    Outbox outbox;
    @Inject
    OutboxRelay relay;

    @Test
    void a_row_kafka_refuses_for_good_is_parked_with_its_error_and_the_rows_behind_it_are_sent_once() {
        String key = UUID.randomUUID().toString();
        // Written past the outbox's own bound (as an older version or another writer might have): 2 MB, more than
        // the producer's max.request.size, so Kafka refuses it for good.
        String huge = "{\"note\":\"" + "x".repeat(2_000_000) + "\"}";
        UUID parked = insert(key, huge);
        List<UUID> behind = List.of(insert(key, "{\"n\":1}"), insert(key, "{\"n\":2}"), insert(key, "{\"n\":3}"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(column("parked_at IS NOT NULL", parked)).isEqualTo(true);
            for (UUID id : behind) {
                assertThat(column("sent_at IS NOT NULL", id)).isEqualTo(true);
            }
        });
        assertThat((String) column("park_error", parked)).contains("RecordTooLargeException");
        given().get("/admin/outbox/parked").then().statusCode(200)
                .body(containsString(parked.toString())).body(containsString("RecordTooLargeException"));
        await().untilAsserted(() -> given().get("/q/metrics").then()
                .body(org.hamcrest.Matchers.matchesPattern("(?s).*\\ntrialclock_outbox_parked(\\{[^}]*})? [1-9].*")));

        // each row behind it on the topic exactly once: a batch that partly failed re-sent nothing it had sent
        try (TopicReader reader = new TopicReader(KafkaBrokerResource.broker().bootstrapServers(), EventTypes.TOPIC_TASKS)) {
            await().untilAsserted(() -> assertThat(ofKey(reader, key)).hasSize(3));
            // the relay polls every second: a few more looks would have shown a repeat
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> ofKey(reader, key).size() == 3);
            assertThat(ofKey(reader, key)).extracting(r -> TopicReader.header(r, "ce_id"))
                    .containsExactlyElementsOf(behind.stream().map(UUID::toString).toList());
        }
    }

    @Test
    void a_parked_row_released_by_the_operator_is_sent_once_and_leaves_the_parked_view() {
        String key = UUID.randomUUID().toString();
        // a row the relay parked earlier, whose cause has since been fixed (a broker limit raised, say)
        UUID parked = insert(key, "{\"n\":0}");
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                UPDATE outbox SET parked_at = now(), park_error = 'RecordTooLargeException: test' WHERE event_id = :id""")
                .setParameter("id", parked).executeUpdate());
        long id = ((Number) column("id", parked)).longValue();
        given().get("/admin/outbox/parked").then().statusCode(200).body(containsString(parked.toString()));

        given().post("/admin/outbox/parked/" + id + "/release").then().statusCode(200)
                .body(containsString(parked.toString())).body(containsString("RecordTooLargeException"));

        await().atMost(Duration.ofSeconds(30)).until(() -> (Boolean) column("sent_at IS NOT NULL", parked));
        assertThat(column("parked_at IS NULL AND park_error IS NULL", parked)).isEqualTo(true);
        given().get("/admin/outbox/parked").then().statusCode(200)
                .body(org.hamcrest.Matchers.not(containsString(parked.toString())));
        try (TopicReader reader = new TopicReader(KafkaBrokerResource.broker().bootstrapServers(), EventTypes.TOPIC_TASKS)) {
            await().untilAsserted(() -> assertThat(ofKey(reader, key)).extracting(r -> TopicReader.header(r, "ce_id"))
                    .containsExactly(parked.toString()));
        }
        // released once: a second release (or of a row never parked) finds nothing parked
        given().post("/admin/outbox/parked/" + id + "/release").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void the_outbox_refuses_an_event_larger_than_its_bound_and_the_change_is_rolled_back() {
        long before = count();
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() ->
                outbox.add(EventTypes.TOPIC_TASKS, EventTypes.TASK_SCHEDULED, UUID.randomUUID().toString(), "s",
                        Map.of("note", "x".repeat(300_000)))))
                .isInstanceOf(OversizedEvent.class).hasMessageContaining("262144");
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void the_claim_takes_advisory_locks_only_on_the_rows_it_claims_however_large_the_backlog() {
        QuarkusTransaction.begin();
        try {
            // a backlog of 5,000 enrollments, visible only to this transaction (the background relay cannot take it)
            em.createNativeQuery("""
                    INSERT INTO outbox (event_id, topic, type, event_key, subject, payload, created_at)
                    SELECT gen_random_uuid(), 'trial-tasks', 'trialclock.task.due', 'backlog-' || n, 's', '{}', now()
                    FROM generate_series(1, 5000) n""").executeUpdate();
            // the plan PostgreSQL picks once most of the table is unsent: read it all, sort, keep the first rows
            em.createNativeQuery("SET LOCAL enable_indexscan = off").executeUpdate();
            em.createNativeQuery("SET LOCAL enable_bitmapscan = off").executeUpdate();
            int claimed = relay.claim(10).size();
            long locks = ((Number) em.createNativeQuery("""
                    SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()""")
                    .getSingleResult()).longValue();
            assertThat(claimed).isBetween(1, 10);
            assertThat(locks).isBetween(1L, 10L);
        } finally {
            QuarkusTransaction.rollback();
        }
    }

    private static List<ConsumerRecord<String, String>> ofKey(TopicReader reader, String key) {
        return reader.poll().stream().filter(r -> key.equals(r.key())).toList();
    }

    private UUID insert(String key, String payload) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                INSERT INTO outbox (event_id, topic, type, event_key, subject, payload, created_at)
                VALUES (:id, 'trial-tasks', 'trialclock.task.scheduled', :key, 'test', CAST(:payload AS jsonb), now())""")
                .setParameter("id", id).setParameter("key", key).setParameter("payload", payload).executeUpdate());
        return id;
    }

    private Object column(String expression, UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT " + expression + " FROM outbox WHERE event_id = :id").setParameter("id", eventId).getSingleResult());
    }

    private long count() {
        return QuarkusTransaction.requiringNew().call(() ->
                ((Number) em.createNativeQuery("SELECT count(*) FROM outbox").getSingleResult()).longValue());
    }
}
