package org.trialclock.notify.channels;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.trialclock.notify.CareTeamFixture.newTeam;

@QuarkusTest
class NotificationCountsTest {
    @Inject
    Clock clock;
    @Inject
    NotificationCounts counts;

    @Test
    void the_metrics_show_notifications_in_every_state_and_count_a_failed_one() {
        // one series per state from start-up on, so an alert rule on FAILED reads 0, not "no data"
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (DeliveryState state : DeliveryState.values()) {
            assertThat(metrics).containsPattern("trialclock_notifications\\{[^}]*state=\"" + state + "\"[^}]*} ");
        }
        assertThat(counts.recount()).containsOnlyKeys(DeliveryState.values());

        String team = newTeam(null, java.util.List.of());
        QuarkusTransactionRows.insertFailed(team, "nurse-li", "http://127.0.0.1:9/hook", clock.instant());
        // Compared with the table itself, not with an earlier reading: the courier may still be settling other
        // tests' notifications (a re-sent one leaves FAILED and comes back), so "one more than before" races.
        // Only the scheduled recount moves the gauge; it must come to agree with the table, our row included.
        await().untilAsserted(() -> {
            long failedInTable = QuarkusTransactionRows.countInState(DeliveryState.FAILED);
            assertThat(failedInTable).isPositive();
            assertThat(gauge(given().get("/q/metrics").then().extract().asString(), "FAILED"))
                    .isEqualTo((double) failedInTable);
        });
    }

    private static double gauge(String metrics, String state) {
        Matcher m = Pattern.compile("(?m)^trialclock_notifications\\{[^}]*state=\"" + state + "\"[^}]*} (\\S+)$")
                .matcher(metrics);
        assertThat(m.find()).as("series for %s", state).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
