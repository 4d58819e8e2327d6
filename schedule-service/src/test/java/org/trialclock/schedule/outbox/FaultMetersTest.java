package org.trialclock.schedule.outbox;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The meters the alert rules read are on /q/metrics from start-up, before the first event or failure. */
@QuarkusTest
class FaultMetersTest {

    @Test
    void the_fault_meters_are_published_from_start_up() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("(?m)^trialclock_outbox_backlog(\\{[^}]*})? \\d")
                .containsPattern("(?m)^trialclock_outbox_oldest_age_seconds(\\{[^}]*})? \\d")
                .containsPattern("(?m)^trialclock_outbox_parked(\\{[^}]*})? \\d")
                .containsPattern("(?m)^trialclock_dispatch_lag_seconds(\\{[^}]*})? \\d")
                .containsPattern("(?m)^trialclock_dead_lettered_total\\{[^}]*reason=\"unparseable\"[^}]*topic=\"task-completions\"[^}]*} \\d")
                .containsPattern("(?m)^trialclock_dead_lettered_total\\{[^}]*reason=\"refused\"[^}]*topic=\"enrollments\"[^}]*} \\d");
        // consumer lag comes from the Kafka client once the consumers have their partitions
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                given().get("/q/metrics").then().extract().asString())
                .containsPattern("(?m)^kafka_consumer_fetch_manager_records_lag_max\\{[^}]*} "));
    }
}
