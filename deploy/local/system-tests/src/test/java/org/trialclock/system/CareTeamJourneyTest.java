package org.trialclock.system;

import org.trialclock.stack.TestCallers;
import com.sun.net.httpserver.HttpServer;
import io.restassured.http.ContentType;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A care team's week, end to end with both services as processes: an NCT07105579 patient's cycle 2 start is
 * reminded, comes due and goes overdue as the clocks move; the nurse and the PI get each alert once by email, the
 * PI's webhook gets each once, signed; the team's live stream shows each once; and the nurse's completion, two
 * days late, moves cycle 3 in schedule-service. (Enrolled ">= 2 months post-transplant", cycle 1 is already due.) The clocks only move forward, so this runs after the other
 * system tests that share the stack.
 */
@Order(100)
class CareTeamJourneyTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String WEBHOOK_SECRET = "journey-secret";
    private static Stack stack;

    private HttpServer webhook;
    private final List<Map.Entry<Map<String, String>, String>> posts = new CopyOnWriteArrayList<>();
    private final List<String> streamLines = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startStack() throws Exception {
        stack = Stack.shared();
    }

    @AfterEach
    void stopWebhook() {
        if (webhook != null) {
            webhook.stop(0);
        }
    }

    @Test
    void reminder_due_and_overdue_reach_each_member_once_on_each_channel_and_a_late_completion_moves_cycle_two()
            throws Exception {
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            posts.add(Map.entry(Map.of(
                    "id", exchange.getRequestHeaders().getFirst("webhook-id"),
                    "timestamp", exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    "signature", exchange.getRequestHeaders().getFirst("webhook-signature")), body));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();

        String team = TestCallers.team("journey");
        String nurse = team + "-nurse@hospital.test";
        String pi = team + "-pi@hospital.test";
        given().baseUri(stack.notify.url()).contentType(ContentType.JSON).body("""
                {"name":"Journey team","escalationContact":"dr-wang","members":[
                  {"name":"nurse-li","role":"NURSE","email":"%s"},
                  {"name":"dr-wang","role":"PI","email":"%s","webhookUrl":"http://127.0.0.1:%d/hook","webhookSecret":"%s"}]}"""
                .formatted(nurse, pi, webhook.getAddress().getPort(), WEBHOOK_SECRET))
                .put("/teams/" + team).then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        String hook = "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook";
        follow(team);

        LocalDate today = LocalDate.now(SHANGHAI);
        String subject = "ZJU-" + team.substring(team.length() - 8);
        // the coordinator enrolls with her own token
        String enrollmentId = given().baseUri(stack.schedule.url()).contentType(ContentType.JSON)
                .header(TestCallers.bearer("coord-zhao", List.of("coordinator"), List.of(team))).body("""
                {"subjectId":"%s","protocolId":"NCT07105579","siteId":"zju","careTeam":"%s",
                 "timezone":"Asia/Shanghai","anchors":{"HSCT":"%s"},"weightKg":62.5}"""
                .formatted(subject, team, today.minusDays(61))).post("/enrollments").then().statusCode(201)
                .extract().path("id");
        Map<String, Object> c1 = task(enrollmentId, 2);
        String c1Id = (String) c1.get("id");
        LocalDate due = LocalDate.parse((String) c1.get("dueDate"));
        LocalDate windowEnd = LocalDate.parse((String) c1.get("windowEnd"));

        // Reminder: 7 days before, 08:00 Shanghai. Then due at 08:00 on the day. Then overdue when the window closes.
        moveClocksTo(due.minusDays(7).atTime(LocalTime.of(8, 1)).atZone(SHANGHAI).toInstant());
        awaitAlerts(c1Id, "trialclock.task.reminder", "EMAIL:" + nurse, "EMAIL:" + pi, "WEBHOOK:" + hook);
        moveClocksTo(due.atTime(LocalTime.of(8, 1)).atZone(SHANGHAI).toInstant());
        awaitAlerts(c1Id, "trialclock.task.due", "EMAIL:" + nurse, "EMAIL:" + pi, "WEBHOOK:" + hook);
        given().baseUri(stack.notify.url()).contentType(ContentType.JSON)
                .header(TestCallers.bearer("nurse-li", List.of("care-team"), List.of(team))).body("{}")
                .post("/tasks/" + c1Id + "/acknowledgement").then().statusCode(200);
        moveClocksTo(windowEnd.plusDays(1).atTime(LocalTime.of(0, 1)).atZone(SHANGHAI).toInstant());
        awaitAlerts(c1Id, "trialclock.task.overdue", "EMAIL:" + nurse, "EMAIL:" + pi, "WEBHOOK:" + hook);

        // Each exactly once, per member and channel: 3 emails each, 3 webhook posts, 3 stream events.
        List<Map<String, Object>> notifications = notifications(c1Id);
        assertThat(notifications).hasSize(9).allSatisfy(n -> assertThat(n.get("state")).isEqualTo("SENT"));
        assertThat(emailsAbout(c1Id, nurse)).hasSize(3);
        assertThat(emailsAbout(c1Id, pi)).hasSize(3);
        assertThat(emailsAbout(c1Id, nurse)).allSatisfy(text -> assertThat(text).contains(subject).contains("28 ug/day"));
        List<Map.Entry<Map<String, String>, String>> c1Posts = posts.stream().filter(p -> p.getValue().contains(c1Id)).toList();
        assertThat(c1Posts).hasSize(3).allSatisfy(post -> assertThat(post.getKey().get("signature"))
                .isEqualTo(sign(post.getKey().get("id"), post.getKey().get("timestamp"), post.getValue())));
        await().untilAsserted(() -> assertThat(streamLines.stream().filter(l -> l.startsWith("data:") && l.contains(c1Id))
                .map(l -> l.replaceAll(".*\\\"type\\\":\\\"([^\\\"]+)\\\".*", "$1")).collect(Collectors.toList()))
                .containsOnlyOnce("trialclock.task.reminder", "trialclock.task.due", "trialclock.task.overdue"));

        // Cycle 2 really started two days late: cycle 3 moves to that date plus three calendar months.
        LocalDate started = due.plusDays(2);
        // the nurse records it with her own token: who did it is the token's subject
        given().baseUri(stack.notify.url()).contentType(ContentType.JSON)
                .header(TestCallers.bearer("nurse-li", java.util.List.of("care-team"), java.util.List.of(team)))
                .body("{\"completedOn\":\"" + started + "\",\"by\":\"nurse-li\"}")
                .post("/tasks/" + c1Id + "/completion").then().statusCode(201);
        // Up to a consumer session timeout (10 s) longer when an earlier test killed a schedule-service replica.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(task(enrollmentId, 3).get("dueDate")).isEqualTo(started.plusMonths(3).toString()));
        assertThat(task(enrollmentId, 2).get("status")).isEqualTo("COMPLETED");

        // The audit trail, both services' read by the team's investigator and put in time order, tells who did
        // what to this patient's cycle 2, in the order it happened.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(audit(enrollmentId, team).stream()
                .filter(e -> e.get("taskId") == null || c1Id.equals(e.get("taskId")))
                .map(e -> e.get("actor") + " " + e.get("action")).toList())
                .containsSubsequence("coord-zhao ENROLLED", "system TASK_REMINDED", "system TASK_DUE",
                        "nurse-li TASK_ACKNOWLEDGED", "system TASK_OVERDUE", "nurse-li COMPLETION_RECORDED",
                        "nurse-li COMPLETION_APPLIED", "nurse-li TASK_DONE"));
    }

    /** Both services' audit rows for one patient, as the team's investigator reads them, oldest first. */
    private static List<Map<String, Object>> audit(String enrollmentId, String team) {
        List<Map<String, Object>> all = new java.util.ArrayList<>();
        for (ServiceProcess service : List.of(stack.schedule, stack.notify)) {
            all.addAll(given().baseUri(service.url())
                    .header(TestCallers.bearer("dr-wang", List.of("investigator"), List.of(team)))
                    .get("/audit?enrollmentId=" + enrollmentId).then().statusCode(200).extract().jsonPath().getList(""));
        }
        all.sort(java.util.Comparator.comparing((Map<String, Object> e) -> Instant.parse((String) e.get("at"))));
        return all;
    }

    /** Both services' clocks move by the same amount, so they agree on what time it is. */
    private static void moveClocksTo(Instant target) {
        String scheduleNow = given().baseUri(stack.schedule.url()).header("X-Admin-Token", Stack.ADMIN_TOKEN)
                .get("/admin/clock").then().statusCode(200).extract().path("now");
        Duration by = Duration.between(Instant.parse(scheduleNow), target);
        for (ServiceProcess service : List.of(stack.schedule, stack.notify)) {
            given().baseUri(service.url()).header("X-Admin-Token", Stack.ADMIN_TOKEN).contentType(ContentType.JSON)
                    .body("{\"by\":\"" + by + "\"}").post("/admin/clock/advance").then().statusCode(200);
        }
    }

    /** Waits until the task's alerts of this type were delivered to exactly these channel:address pairs. */
    private static void awaitAlerts(String taskId, String type, String... channelAddresses) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(notifications(taskId).stream()
                .filter(n -> type.equals(n.get("eventType")) && "SENT".equals(n.get("state")))
                .map(n -> n.get("channel") + ":" + n.get("address")).toList())
                .containsExactlyInAnyOrder(channelAddresses));
    }

    private static List<Map<String, Object>> notifications(String taskId) {
        return given().baseUri(stack.notify.url()).get("/notifications?taskId=" + taskId).then().statusCode(200)
                .extract().jsonPath().getList("");
    }

    private static Map<String, Object> task(String enrollmentId, int cycle) {
        List<Map<String, Object>> tasks = given().baseUri(stack.schedule.url()).get("/enrollments/" + enrollmentId + "/tasks")
                .then().statusCode(200).extract().jsonPath().getList("");
        return tasks.stream().filter(t -> "CYCLE_START".equals(t.get("kind")) && Integer.valueOf(cycle).equals(t.get("cycle")))
                .findFirst().orElseThrow();
    }

    private static List<String> emailsAbout(String taskId, String recipient) throws Exception {
        List<String> texts = new java.util.ArrayList<>();
        for (MimeMessage message : stack.smtp.getReceivedMessages()) {
            Address[] to = message.getRecipients(Message.RecipientType.TO);
            String body = org.trialclock.bench.stack.MailReceiver.text(message);
            if (to != null && Arrays.stream(to).anyMatch(a -> a.toString().contains(recipient)) && body.contains(taskId)) {
                texts.add(body);
            }
        }
        return texts;
    }

    /** Standard Webhooks: v1,base64(HMAC-SHA256 of id.timestamp.body) with the secret's bytes. */
    private static String sign(String id, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    /** An SSE client on the team's stream, keeping every line it receives. */
    private void follow(String team) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.notify.url() + "/teams/" + team + "/stream"))
                .header("Accept", "text/event-stream").header("Authorization", TestCallers.defaultAuthorization()).build();
        HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> response.body().forEach(streamLines::add));
        await().untilAsserted(() -> assertThat(streamLines).anyMatch(l -> l.contains("stream.opened")));
    }
}
