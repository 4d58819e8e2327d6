package org.trialclock.notify.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.trialclock.events.EventTypes;
import org.trialclock.events.Json;
import org.trialclock.events.TaskPayload;
import org.trialclock.notify.GreenMailResource;
import org.trialclock.notify.TrialTasksTopic;
import org.trialclock.notify.WebhookReceiver;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;
import static org.trialclock.notify.CareTeamFixture.TEAM_SECRET;
import static org.trialclock.notify.CareTeamFixture.member;
import static org.trialclock.notify.CareTeamFixture.newTeam;

@QuarkusTest
class AlertDeliveryTest {
    @Inject
    Clock clock;

    private TrialTasksTopic topic;

    @BeforeEach
    void open() {
        topic = new TrialTasksTopic();
    }

    @AfterEach
    void close() {
        topic.close();
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneId.of("Asia/Shanghai")));
    }

    @Test
    void the_same_task_due_delivered_three_times_tells_each_member_once_on_each_channel() throws Exception {
        String nurseMail = "nurse-" + UUID.randomUUID() + "@zju.test";
        String piMail = "pi-" + UUID.randomUUID() + "@zju.test";
        try (WebhookReceiver nurseHook = new WebhookReceiver(0)) {
            String team = newTeam(null, List.of(member("nurse-li", "NURSE", nurseMail, nurseHook.url()),
                    member("dr-wang", "PI", piMail, null)));
            TaskPayload task = TrialTasksTopic.doseStepUp(team, today(), "DUE", 2);
            String eventId = UUID.randomUUID().toString();
            for (int i = 0; i < 3; i++) {
                topic.send(eventId, EventTypes.TASK_DUE, task);
            }
            // a later event of the same patient (same key, same partition) is processed only after all three copies
            topic.send(UUID.randomUUID().toString(), EventTypes.TASK_SCHEDULED,
                    TrialTasksTopic.sameSubject(task, "C1 day 7: check", today().plusDays(3)));
            await().atMost(java.time.Duration.ofSeconds(30))
                    .untilAsserted(() -> given().get("/teams/" + team + "/inbox").then().body("upcoming", hasSize(1)));

            await().untilAsserted(() -> {
                List<JsonNode> sent = notifications(task.id());
                assertThat(sent).hasSize(3);
                assertThat(sent).allSatisfy(n -> assertThat(n.get("state").asText()).isEqualTo("SENT"));
            });
            assertThat(notifications(task.id())).extracting(n -> n.get("recipient").asText() + "/" + n.get("channel").asText())
                    .containsExactlyInAnyOrder("nurse-li/EMAIL", "nurse-li/WEBHOOK", "dr-wang/EMAIL");

            for (String address : List.of(nurseMail, piMail)) {
                MimeMessage[] mails = mailsTo(address);
                assertThat(mails).hasSize(1);
                // the Message-ID is the notification's delivery id: a re-sent copy is recognised as the same mail
                JsonNode emailed = notifications(task.id()).stream()
                        .filter(n -> n.get("address").asText().equals(address)).findFirst().orElseThrow();
                assertThat(mails[0].getMessageID()).isEqualTo("<" + emailed.get("deliveryId").asText() + "@trialclock>");
                String text = org.trialclock.notify.MailParts.text(mails[0]);
                String html = org.trialclock.notify.MailParts.html(mails[0]);
                assertThat(mails[0].getSubject()).contains("Due now").contains("ZJU-0001");
                // the site's date and due time in its zone, and a link to the task on the inbox page (not an API path)
                String due = java.time.format.DateTimeFormatter.ofPattern("EEE d MMM yyyy", java.util.Locale.ENGLISH)
                        .format(task.dueDate()) + ", 08:00 (Asia/Shanghai)";
                String link = "/inbox?team=" + team + "#task-" + task.id();
                assertThat(text).contains("ZJU-0001")
                        .contains("C1 day 4: raise blinatumomab to 28 ug/day")
                        .contains("Dose: 28 ug/day")
                        .contains("Due " + due)
                        .contains(link)
                        .doesNotContain("POST /tasks");
                assertThat(html).contains("<h1").contains("C1 day 4: raise blinatumomab to 28 ug/day")
                        .contains("<td>28 ug/day</td>").contains("<td>" + due + "</td>")
                        .contains("href=\"http://localhost:8081" + link + "\"");
            }

            assertThat(nurseHook.posts()).hasSize(1);
            WebhookReceiver.Post post = nurseHook.posts().get(0);
            assertThat(post.signature()).startsWith("v1,").isEqualTo(expectedSignature(post.id(), post.timestamp(), post.body()));
            verifyAsStandardWebhook(post);
            JsonNode hooked = notifications(task.id()).stream()
                    .filter(n -> n.get("channel").asText().equals("WEBHOOK")).findFirst().orElseThrow();
            assertThat(post.id()).isEqualTo("msg_" + hooked.get("deliveryId").asText());
            JsonNode body = Json.MAPPER.readTree(post.body());
            assertThat(body.get("subjectId").asText()).isEqualTo("ZJU-0001");
            assertThat(body.get("taskId").asText()).isEqualTo(task.id());
            assertThat(body.get("type").asText()).isEqualTo(EventTypes.TASK_DUE);
        }
    }

    @Test
    void a_receiver_failing_twice_gets_one_delivery_and_one_that_is_down_is_still_tried_and_holds_up_nobody()
            throws Exception {
        try (WebhookReceiver flaky = new WebhookReceiver(2);
             WebhookReceiver down = new WebhookReceiver(-1);
             WebhookReceiver steady = new WebhookReceiver(0)) {
            String team = newTeam(null, List.of(member("flaky", "NURSE", null, flaky.url()),
                    member("down", "PHYSICIAN", null, down.url()), member("steady", "COORDINATOR", null, steady.url())));
            TaskPayload task = TrialTasksTopic.doseStepUp(team, today(), "DUE", 2);
            topic.send(UUID.randomUUID().toString(), EventTypes.TASK_DUE, task);

            await().untilAsserted(() -> {
                assertThat(notifications(task.id()))
                        .extracting(n -> n.get("recipient").asText() + "=" + n.get("state").asText())
                        .containsExactlyInAnyOrder("flaky=SENT", "down=PENDING", "steady=SENT");
                // not given up after the old limit of attempts: a receiver that is down is tried for a day
                assertThat(of(task.id(), "down").get("attempts").asInt()).isGreaterThan(6);
            });

            JsonNode flakyOne = of(task.id(), "flaky");
            assertThat(flakyOne.get("attempts").asInt()).isEqualTo(3);
            assertThat(flakyOne.get("attemptLog")).extracting(a -> a.get("succeeded").asBoolean())
                    .containsExactly(false, false, true);
            assertThat(flaky.posts()).extracting(WebhookReceiver.Post::answeredWith).containsExactly(500, 500, 204);
            // the same webhook-id on every attempt of one notification, each freshly signed
            assertThat(flaky.posts()).extracting(WebhookReceiver.Post::id).containsOnly(flaky.posts().get(0).id());
            WebhookReceiver.Post delivered = flaky.posts().get(2);
            assertThat(delivered.signature()).isEqualTo(expectedSignature(delivered.id(), delivered.timestamp(),
                    delivered.body()));

            JsonNode downOne = of(task.id(), "down");
            assertThat(downOne.get("lastError").asText()).contains("500");
            assertThat(Instant.parse(downOne.get("retryUntil").asText()))
                    .isEqualTo(Instant.parse(downOne.get("createdAt").asText()).plus(java.time.Duration.ofHours(24)));

            // the steady receiver was served on the first round, long before the failing one's later attempts
            JsonNode steadyOne = of(task.id(), "steady");
            assertThat(steadyOne.get("attempts").asInt()).isEqualTo(1);
            assertThat(Instant.parse(steadyOne.get("deliveredAt").asText()))
                    .isBefore(Instant.parse(downOne.get("attemptLog").get(1).get("at").asText()));
        }
    }

    @Test
    void the_retry_state_lives_in_the_database_so_a_delivery_left_half_way_is_finished_after_a_restart()
            throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(0)) {
            String team = newTeam(null, List.of(member("nurse-li", "NURSE", null, receiver.url())));
            UUID taskId = UUID.randomUUID();
            // as a previous process left it: two failed attempts, the next one due
            QuarkusTransactionRows.insertPending(taskId, team, "nurse-li", receiver.url(), 2, clock.instant());
            await().untilAsserted(() -> assertThat(notifications(taskId.toString()))
                    .singleElement().satisfies(n -> {
                        assertThat(n.get("state").asText()).isEqualTo("SENT");
                        assertThat(n.get("attempts").asInt()).isEqualTo(3);
                    }));
            assertThat(receiver.posts()).hasSize(1);
        }
    }

    /** Standard Webhooks' signature, computed here by hand from the specification: v1,base64(HMAC(id.ts.body)). */
    static String expectedSignature(String id, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(TEAM_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    /** What a receiver using the Standard Webhooks library does, given the secret as whsec_ + base64 of its bytes. */
    static void verifyAsStandardWebhook(WebhookReceiver.Post post) throws Exception {
        new Webhook("whsec_" + Base64.getEncoder().encodeToString(TEAM_SECRET.getBytes(StandardCharsets.UTF_8)))
                .verify(post.body(), post.headers());
    }

    static List<JsonNode> notifications(String taskId) throws Exception {
        String json = given().queryParam("taskId", taskId).get("/notifications").then().statusCode(200)
                .extract().asString();
        List<JsonNode> list = new java.util.ArrayList<>();
        Json.MAPPER.readTree(json).forEach(list::add);
        return list;
    }

    static JsonNode of(String taskId, String recipient) throws Exception {
        return notifications(taskId).stream().filter(n -> n.get("recipient").asText().equals(recipient))
                .findFirst().orElseThrow();
    }

    static MimeMessage[] mailsTo(String address) {
        return Arrays.stream(GreenMailResource.smtp().getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().equals(address));
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toArray(MimeMessage[]::new);
    }
}
