package org.trialclock.system;

import org.trialclock.stack.TestCallers;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Results that arrive after enrollment reach the care team: a day-19 MRD below the risk group's threshold posted to
 * schedule-service, and an MRD of 0.5% entered on a marrow task's completion in notify-service's inbox API, each
 * raise one alert, on the team's live stream and on the enrollment. Runs before the tests that move the clocks.
 */
@Order(50)
class ResultAlertsTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static Stack stack;
    private final List<String> streamLines = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startStack() throws Exception {
        stack = Stack.shared();
    }

    @Test
    void a_day_19_result_below_threshold_after_enrollment_is_one_screen_failure_alert_on_the_stream_and_the_enrollment() {
        // NCT06607419 "A. Provisional low-risk: D19MRD ≥ 0.1%", enrolled on induction day 15.
        String team = TestCallers.team("paed");
        String subject = "SCMC-" + team.substring(team.length() - 8);
        follow(team);
        LocalDate today = LocalDate.now(SHANGHAI);
        String enrollment = given().baseUri(stack.schedule.url()).contentType(ContentType.JSON).body("""
                {"subjectId":"%s","protocolId":"NCT06607419","riskGroup":"LOW","siteId":"scmc","careTeam":"%s",
                 "timezone":"Asia/Shanghai","anchors":{"INDUCTION_D1":"%s"},"ageYears":6,"weightKg":21}"""
                .formatted(subject, team, today.minusDays(14))).post("/enrollments").then().statusCode(201)
                .extract().path("id");

        given().baseUri(stack.schedule.url()).contentType(ContentType.JSON)
                .body("{\"type\":\"MRD_RESULT\",\"date\":\"" + today + "\",\"data\":{\"mrdPercent\":0.05,\"method\":\"FLOW\",\"timepoint\":\"D19\"}}")
                .post("/enrollments/" + enrollment + "/events").then().statusCode(201);

        assertOneAlert(enrollment, subject, "SCREEN_FAILURE");
        given().baseUri(stack.schedule.url()).get("/enrollments/" + enrollment).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("SCREEN_FAILURE"));
    }

    @Test
    void an_mrd_of_0_5_percent_entered_on_a_marrow_completion_is_one_mrd_conversion_alert_on_the_stream_and_the_enrollment() {
        // NCT07105579, enrolled ">= 2 months post-transplant"; the marrow before cycle 2 is done today: 0.5% by flow.
        String team = TestCallers.team("hsct");
        String subject = "ZJU-" + team.substring(team.length() - 8);
        follow(team);
        LocalDate today = LocalDate.now(SHANGHAI);
        String enrollment = given().baseUri(stack.schedule.url()).contentType(ContentType.JSON).body("""
                {"subjectId":"%s","protocolId":"NCT07105579","siteId":"zju","careTeam":"%s",
                 "timezone":"Asia/Shanghai","anchors":{"HSCT":"%s"},"weightKg":62.5,"ageYears":40}"""
                .formatted(subject, team, today.minusDays(61))).post("/enrollments").then().statusCode(201)
                .extract().path("id");
        List<Map<String, Object>> tasks = given().baseUri(stack.schedule.url()).get("/enrollments/" + enrollment + "/tasks")
                .then().statusCode(200).extract().jsonPath().getList("");
        String marrow = (String) tasks.stream().filter(t -> "MRD_MARROW".equals(t.get("kind")) && "PLANNED".equals(t.get("status")))
                .findFirst().orElseThrow().get("id");
        // notify-service knows the task once its task.scheduled arrived
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(stack.notify.url())
                .contentType(ContentType.JSON)
                .header(TestCallers.bearer("nurse-li", List.of("care-team"), List.of(team)))
                .body("{\"completedOn\":\"" + today + "\",\"by\":\"nurse-li\",\"result\":{\"mrdPercent\":0.5,\"method\":\"FLOW\"}}")
                .post("/tasks/" + marrow + "/completion").then().statusCode(201));

        assertOneAlert(enrollment, subject, "MRD_CONVERSION");
    }

    private void assertOneAlert(String enrollment, String subject, String kind) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            given().baseUri(stack.schedule.url()).get("/enrollments/" + enrollment).then().statusCode(200)
                    .body("alerts.size()", org.hamcrest.Matchers.equalTo(1))
                    .body("alerts[0].type", org.hamcrest.Matchers.equalTo(kind));
            assertThat(streamLines.stream().filter(l -> l.startsWith("data:") && l.contains("trialclock.enrollment.alert")
                    && l.contains(subject)).toList()).hasSize(1);
        });
    }

    private void follow(String team) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.notify.url() + "/teams/" + team + "/stream"))
                .header("Accept", "text/event-stream").header("Authorization", TestCallers.defaultAuthorization()).build();
        HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> response.body().forEach(streamLines::add));
        await().untilAsserted(() -> assertThat(streamLines).anyMatch(l -> l.contains("stream.opened")));
    }
}
