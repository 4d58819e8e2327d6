package org.trialclock.notify.channels;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.trialclock.events.EventTypes;
import org.trialclock.events.TaskPayload;
import org.trialclock.notify.TrialTasksTopic;
import org.trialclock.notify.WebhookReceiver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.trialclock.notify.CareTeamFixture.member;
import static org.trialclock.notify.CareTeamFixture.newTeam;
import static org.trialclock.notify.channels.AlertDeliveryTest.mailsTo;
import static org.trialclock.notify.channels.AlertDeliveryTest.notifications;

/**
 * A receiver down for longer than a day: its alert is tried all day (the clock is moved, nobody waits), then
 * FAILED and told to the escalation contact once, and an operator re-sends it when the receiver is back.
 */
@QuarkusTest
class DeliveryForADayTest {
    private static final Duration AT_MOST = Duration.ofSeconds(30);

    @Inject
    Clock clock;

    @Test
    void an_alert_is_tried_for_24_hours_then_failed_escalated_once_and_re_sent_by_an_operator() throws Exception {
        String piMail = "pi-" + UUID.randomUUID() + "@zju.test";
        try (WebhookReceiver pager = new WebhookReceiver(-1)) {
            String team = newTeam("dr-wang", List.of(member("pager", "NURSE", null, pager.url()),
                    member("dr-wang", "PI", piMail, null)));
            TaskPayload task = TrialTasksTopic.doseStepUp(team, LocalDate.now(clock.withZone(ZoneId.of("Asia/Shanghai"))),
                    "DUE", 2);
            try (TrialTasksTopic topic = new TrialTasksTopic()) {
                topic.send(UUID.randomUUID().toString(), EventTypes.TASK_DUE, task);
            }
            await().atMost(AT_MOST).untilAsserted(() -> {
                JsonNode n = pagerAlert(task);
                assertThat(n.get("state").asText()).isEqualTo("PENDING");
                assertThat(n.get("attempts").asInt()).isGreaterThanOrEqualTo(3);
            });
            long id = pagerAlert(task).get("id").asLong();

            // 23 hours on: still tried (the old policy had given up after 6 attempts, 16 minutes)
            advance("PT23H");
            int before = pagerAlert(task).get("attempts").asInt();
            await().atMost(AT_MOST).untilAsserted(() -> {
                JsonNode n = pagerAlert(task);
                assertThat(n.get("state").asText()).isEqualTo("PENDING");
                assertThat(n.get("attempts").asInt()).isGreaterThan(before + 1);
                assertThat(Instant.parse(n.get("nextAttemptAt").asText()))
                        .isBeforeOrEqualTo(Instant.parse(n.get("retryUntil").asText()));
            });
            assertThat(escalations(task)).isEmpty();

            // past the day: FAILED, and the escalation contact hears which alert did not reach whom
            advance("PT1H1M");
            await().atMost(AT_MOST).untilAsserted(() -> assertThat(pagerAlert(task).get("state").asText())
                    .isEqualTo("FAILED"));
            await().atMost(AT_MOST).untilAsserted(() -> assertThat(escalations(task)).singleElement().satisfies(e -> {
                assertThat(e.get("recipient").asText()).isEqualTo("dr-wang");
                assertThat(e.get("channel").asText()).isEqualTo("EMAIL");
                assertThat(e.get("state").asText()).isEqualTo("SENT");
            }));
            MimeMessage[] told = escalationMails(piMail);
            assertThat(told).hasSize(1);
            assertThat(told[0].getSubject()).contains("NOT DELIVERED to pager").contains("ZJU-0001");
            assertThat(told[0].getContent().toString()).contains(pager.url()).contains("HTTP 500")
                    .contains("C1 day 4: raise blinatumomab to 28 ug/day");

            // re-sent by an operator while the receiver is still down: another day of tries, and no second escalation
            given().post("/notifications/" + id + "/resend").then().statusCode(200).body("count", equalTo(1))
                    .body("ids", hasItem((int) id));
            await().atMost(AT_MOST).untilAsserted(() -> assertThat(pagerAlert(task).get("state").asText())
                    .isEqualTo("PENDING"));
            advance("PT24H1M");
            await().atMost(AT_MOST).untilAsserted(() -> assertThat(pagerAlert(task).get("state").asText())
                    .isEqualTo("FAILED"));
            assertThat(escalations(task)).hasSize(1);
            assertThat(escalationMails(piMail)).hasSize(1);

            // back up: the operator re-sends every FAILED alert of the team; it arrives with its first webhook-id
            pager.recover();
            given().queryParam("state", "FAILED").queryParam("team", team).post("/notifications/resend").then()
                    .statusCode(200).body("ids", hasItem((int) id));
            await().atMost(AT_MOST).untilAsserted(() -> assertThat(pagerAlert(task).get("state").asText())
                    .isEqualTo("SENT"));
            List<WebhookReceiver.Post> posts = pager.posts();
            assertThat(posts.get(posts.size() - 1).answeredWith()).isEqualTo(204);
            assertThat(posts).extracting(WebhookReceiver.Post::id).containsOnly(posts.get(0).id());
        }
    }

    @Test
    void only_failed_notifications_are_re_sent_and_a_wrong_request_is_refused_as_a_problem() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(0)) {
            String team = newTeam(null, List.of(member("nurse-li", "NURSE", null, receiver.url())));
            long failed = QuarkusTransactionRows.insertFailed(team, "nurse-li", receiver.url(), clock.instant());

            given().post("/notifications/resend").then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("state"));
            given().queryParam("state", "SENT").post("/notifications/resend").then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("state"));
            given().post("/notifications/" + Long.MAX_VALUE + "/resend").then().statusCode(404)
                    .contentType("application/problem+json");
            given().post("/notifications/not-a-number/resend").then().statusCode(404)
                    .contentType("application/problem+json");

            given().post("/notifications/" + failed + "/resend").then().statusCode(200).body("count", equalTo(1));
            await().atMost(AT_MOST).untilAsserted(() -> assertThat(receiver.posts()).hasSize(1));
            given().post("/notifications/" + failed + "/resend").then().statusCode(409)
                    .contentType("application/problem+json").body("errors[0].reason", org.hamcrest.Matchers
                            .anyOf(org.hamcrest.Matchers.containsString("delivered already"),
                                    org.hamcrest.Matchers.containsString("still being tried")));
            await().atMost(AT_MOST).untilAsserted(() -> given().post("/notifications/" + failed + "/resend").then()
                    .statusCode(409).body("errors[0].reason", org.hamcrest.Matchers.containsString("delivered already")));
            assertThat(receiver.posts()).hasSize(1);
        }
    }

    /** The mails about the failed delivery (dr-wang also got the due alert itself). */
    private static MimeMessage[] escalationMails(String address) {
        return java.util.Arrays.stream(mailsTo(address)).filter(m -> {
            try {
                return m.getSubject().contains("NOT DELIVERED");
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toArray(MimeMessage[]::new);
    }

    private static void advance(String by) {
        given().contentType(ContentType.JSON).header("X-Admin-Token", "test-admin-token").body(Map.of("by", by))
                .post("/admin/clock/advance").then().statusCode(200);
    }

    private static JsonNode pagerAlert(TaskPayload task) throws Exception {
        return notifications(task.id()).stream()
                .filter(n -> n.get("recipient").asText().equals("pager") && n.get("eventType").asText()
                        .equals(EventTypes.TASK_DUE)).findFirst()
                .orElseThrow(() -> new AssertionError("no alert to pager (yet)"));
    }

    private static List<JsonNode> escalations(TaskPayload task) throws Exception {
        return notifications(task.id()).stream()
                .filter(n -> n.get("eventType").asText().equals(DeliveryEscalation.TYPE)).toList();
    }
}
