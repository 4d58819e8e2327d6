package org.trialclock.schedule.outbox;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.trialclock.schedule.enrollment.Coordinator;
import org.trialclock.schedule.enrollment.PublishedTasks;
import org.trialclock.stack.KafkaBroker;
import org.trialclock.stack.KafkaBrokerResource;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class BrokerOutageTest {
    @Inject
    EntityManager em;

    @Test
    void enrollments_succeed_while_the_broker_is_down_and_their_events_arrive_in_order_after_it_returns() {
        KafkaBroker broker = KafkaBrokerResource.broker();
        broker.stop();
        List<String> enrollments;
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    given().get("/q/health/ready").then().statusCode(503));
            given().get("/q/health/live").then().statusCode(200);
            enrollments = List.of(
                    Coordinator.enroll(Coordinator.dliEnrollment(Coordinator.subject(), Coordinator.today().minusDays(64))),
                    Coordinator.enroll(Coordinator.dliEnrollment(Coordinator.subject(), Coordinator.today().minusDays(65))));
            for (String enrollment : enrollments) {
                Coordinator.postEvent(enrollment, Coordinator.event("TRANSPLANT_DONE", Coordinator.today().minusDays(19),
                        "{\"anchor\":\"HSCT\"}")).statusCode(201);
            }
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            broker.restart();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200));
        try (PublishedTasks published = new PublishedTasks()) {
            for (String enrollment : enrollments) {
                List<String> written = outboxOrder(enrollment);
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                        assertThat(firstSeen(published, enrollment)).containsExactlyElementsOf(written));
            }
        }
    }

    /** CloudEvent ids in the order they were first seen on the topic (a resend after the outage may repeat one). */
    private static List<String> firstSeen(PublishedTasks published, String enrollment) {
        return List.copyOf(published.of(enrollment).stream().map(PublishedTasks.Published::id)
                .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)));
    }

    @SuppressWarnings("unchecked")
    private List<String> outboxOrder(String enrollment) {
        return ((List<Object>) em.createNativeQuery("SELECT CAST(event_id AS text) FROM outbox WHERE event_key = :k ORDER BY id")
                .setParameter("k", enrollment).getResultList()).stream().map(Object::toString).toList();
    }
}
