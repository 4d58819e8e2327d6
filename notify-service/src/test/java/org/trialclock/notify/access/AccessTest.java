package org.trialclock.notify.access;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.http.Header;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.trialclock.events.EventTypes;
import org.trialclock.events.TaskPayload;
import org.trialclock.notify.TrialTasksTopic;
import org.trialclock.notify.channels.Channel;
import org.trialclock.notify.channels.DeliveryState;
import org.trialclock.notify.channels.Notification;
import org.trialclock.stack.TestCallers;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.trialclock.notify.CareTeamFixture.member;
import static org.trialclock.notify.CareTeamFixture.newTeam;
import static org.trialclock.notify.access.Roles.ADMIN;
import static org.trialclock.notify.access.Roles.CARE_TEAM;
import static org.trialclock.notify.access.Roles.COORDINATOR;
import static org.trialclock.notify.access.Roles.INVESTIGATOR;

/**
 * Every operation of the service's own OpenAPI document, read at test time so that a new endpoint cannot be
 * forgotten: without a token it is a 401, with a role not allowed on the caller's own team a 403, and with an allowed
 * role but another team a 404 (as if the data did not exist), all as problem+json. The tables below say who may call
 * what; an operation missing from them fails the test.
 */
@QuarkusTest
class AccessTest {
    private static final Set<String> EVERY_ROLE = Set.of(COORDINATOR, CARE_TEAM, INVESTIGATOR, ADMIN);
    private static final Set<String> TEAM_READERS = Set.of(CARE_TEAM, INVESTIGATOR, ADMIN);

    /** Who may call each operation, on the teams in the token. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("GET /teams", EVERY_ROLE),
            Map.entry("GET /teams/{team}", EVERY_ROLE),
            Map.entry("PUT /teams/{team}", Set.of(ADMIN)),
            Map.entry("GET /teams/{team}/inbox", TEAM_READERS),
            Map.entry("GET /pages/inbox/{team}/sections", TEAM_READERS),
            Map.entry("GET /audit", Set.of(INVESTIGATOR, ADMIN)),
            Map.entry("GET /teams/{team}/stream", TEAM_READERS),
            Map.entry("POST /teams/{team}/calendar/tokens", TEAM_READERS),
            Map.entry("DELETE /teams/{team}/calendar/tokens/{tokenId}", TEAM_READERS),
            Map.entry("POST /tasks/{taskId}/acknowledgement", TEAM_READERS),
            Map.entry("POST /tasks/{taskId}/completion", Set.of(CARE_TEAM, ADMIN)),
            Map.entry("GET /tasks/{taskId}/completions", TEAM_READERS),
            Map.entry("GET /notifications", TEAM_READERS),
            Map.entry("POST /notifications/{id}/resend", Set.of(ADMIN)),
            Map.entry("POST /notifications/resend", Set.of(ADMIN)),
            Map.entry("GET /admin/clock", Set.of(ADMIN)),
            Map.entry("POST /admin/clock/advance", Set.of(ADMIN)),
            Map.entry("GET /admin/outbox/parked", Set.of(ADMIN)),
            Map.entry("POST /admin/outbox/parked/{id}/release", Set.of(ADMIN)));

    /** Not one team's data: the service's clock and the outbox's parked rows (operators, admin only). */
    private static final Set<String> NOT_TEAM_DATA = Set.of("GET /admin/clock", "POST /admin/clock/advance",
            "GET /admin/outbox/parked", "POST /admin/outbox/parked/{id}/release");
    /** Lists: another team's rows are left out (checked below) rather than answered 404. */
    private static final Set<String> LISTS = Set.of("GET /teams", "GET /notifications");
    /** Answered as a stream that stays open: its own-team success is checked by TeamStreamTest. */
    private static final Set<String> STREAMS = Set.of("GET /teams/{team}/stream");
    /**
     * Exempt, with reason: calendar programs cannot send a bearer token, so a feed URL carries its own revocable
     * secret instead (TeamCalendarTest checks it). The dev profile's local sign-in is how a token is got, and
     * answers 404 in every other profile (checked below). /q/* (health, metrics, openapi) are not in the document.
     */
    private static final Set<String> OWN_SECRET = Set.of("GET /teams/{team}/calendar.ics", "POST /dev/sign-in");
    /**
     * Open to all, with reason: the inbox page itself holds no patient's data (it signs in, then loads the team's
     * sections, which need the token) and is answered without a token below.
     */
    private static final Set<String> PUBLIC = Set.of("GET /", "GET /inbox");

    private static String teamA;
    private static String teamB;
    private static String taskA;
    private static long notificationA;
    private static String feedTokenA;

    /** Made once, by the first test (RestAssured knows the test port only from then on). */
    @BeforeEach
    void aTaskAndAnAlertOfTeamA() throws Exception {
        if (feedTokenA != null) {
            return;
        }
        teamA = newTeam(null, List.of(member("nurse-li", "NURSE", null, null)));
        teamB = newTeam(null, List.of());
        TaskPayload task = TrialTasksTopic.doseStepUp(teamA, LocalDate.now().plusDays(3), "PLANNED", 1);
        try (TrialTasksTopic topic = new TrialTasksTopic()) {
            topic.send(UUID.randomUUID().toString(), EventTypes.TASK_SCHEDULED, task);
        }
        taskA = task.id();
        await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() -> given().header(caller("nurse-li", CARE_TEAM, teamA))
                .get("/tasks/" + taskA + "/completions").then().statusCode(200));
        notificationA = QuarkusTransaction.requiringNew().call(() -> {
            Notification n = new Notification();
            n.eventId = UUID.randomUUID().toString();
            n.eventType = EventTypes.TASK_DUE;
            n.taskId = UUID.fromString(taskA);
            n.enrollmentId = UUID.fromString(task.enrollmentId());
            n.subjectId = task.subjectId();
            n.careTeam = teamA;
            n.recipient = "nurse-li";
            n.channel = Channel.WEBHOOK;
            n.address = "http://127.0.0.1:9/hook";
            n.subject = "[TrialClock] Due now";
            n.message = "Due now";
            n.state = DeliveryState.FAILED;
            n.attempts = 40;
            n.createdAt = Instant.now();
            n.retryUntil = Instant.now();
            n.persist();
            return n.id;
        });
        feedTokenA = given().header(caller("nurse-li", CARE_TEAM, teamA)).contentType(ContentType.JSON)
                .body(Map.of("owner", "nurse-li")).post("/teams/" + teamA + "/calendar/tokens").then().statusCode(201)
                .extract().path("id");
    }

    @Test
    void every_operation_refuses_no_token_a_wrong_role_and_another_team() {
        Map<String, Map<String, Object>> paths = given().get("/q/openapi?format=json").then().statusCode(200)
                .extract().jsonPath().getMap("paths");
        Set<String> operations = new TreeSet<>();
        paths.forEach((path, methods) -> methods.keySet().stream()
                .filter(m -> Set.of("get", "post", "put", "delete", "patch").contains(m))
                .forEach(m -> operations.add(m.toUpperCase() + " " + path)));
        Set<String> classified = new TreeSet<>(ALLOWED.keySet());
        classified.addAll(OWN_SECRET);
        classified.addAll(PUBLIC);
        assertThat(operations).as("every operation says who may call it").isEqualTo(classified);

        List<String> checked = new ArrayList<>();
        for (String operation : operations) {
            if (OWN_SECRET.contains(operation) || PUBLIC.contains(operation)) {
                continue;
            }
            Set<String> allowed = ALLOWED.get(operation);
            refused(operation, given().header(TestCallers.noToken()), 401);
            EVERY_ROLE.stream().filter(r -> !allowed.contains(r)).sorted().findFirst().ifPresent(wrong ->
                    refused(operation, given().header(caller("someone", wrong, teamA)), 403));
            String role = allowed.stream().filter(r -> !r.equals(ADMIN)).sorted().findFirst().orElse(ADMIN);
            if (!NOT_TEAM_DATA.contains(operation) && !LISTS.contains(operation)) {
                refused(operation, given().header(caller("outsider", role, teamB)), 404);
                refused(operation, given().header(caller("outsider", ADMIN, teamB)), 404);
                if (operation.startsWith("GET ") && !STREAMS.contains(operation)) {
                    // the same request on the caller's own team is answered: the 404 above is about the team
                    assertThat(send(operation, given().header(caller("insider", role, teamA))).statusCode())
                            .as(operation + " on the caller's own team").isEqualTo(200);
                }
            }
            checked.add(operation);
        }
        assertThat(checked).hasSize(ALLOWED.size());
    }

    @Test
    void lists_show_only_the_callers_teams_and_the_page_and_probes_need_no_token() {
        given().header(caller("outsider", INVESTIGATOR, teamB)).get("/teams").then().statusCode(200)
                .body("id", not(hasItem(teamA)));
        given().header(caller("insider", INVESTIGATOR, teamA)).get("/teams").then().statusCode(200)
                .body("id", equalTo(List.of(teamA)));
        given().header(caller("outsider", INVESTIGATOR, teamB)).get("/notifications?taskId=" + taskA).then()
                .statusCode(200).body("", hasSize(0));
        given().header(caller("insider", INVESTIGATOR, teamA)).get("/notifications?taskId=" + taskA).then()
                .statusCode(200).body("id", hasItem((int) notificationA));
        given().header(TestCallers.noToken()).contentType(ContentType.JSON).body(Map.of("role", ADMIN, "teams", List.of(teamA)))
                .post("/dev/sign-in").then().statusCode(404);
        for (String open : List.of("/", "/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi")) {
            given().header(TestCallers.noToken()).get(open).then().statusCode(200);
        }
    }

    @Test
    void a_bad_token_is_a_401_problem() {
        given().header("Authorization", "Bearer not-a-token").get("/teams/" + teamA + "/inbox").then()
                .statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        String foreign = org.trialclock.stack.Tokens.generate().mint("nurse-li", List.of(CARE_TEAM), List.of(teamA));
        given().header("Authorization", "Bearer " + foreign).get("/teams/" + teamA + "/inbox").then()
                .statusCode(401).contentType("application/problem+json");
    }

    private static void refused(String operation, RequestSpecification request, int status) {
        Response response = send(operation, request);
        assertThat(response.statusCode()).as(operation + " -> " + status + ": " + response.asString())
                .isEqualTo(status);
        assertThat(response.contentType()).as(operation).startsWith("application/problem+json");
    }

    private static Response send(String operation, RequestSpecification request) {
        String method = operation.substring(0, operation.indexOf(' '));
        String path = operation.substring(operation.indexOf(' ') + 1);
        String url = path.replace("{team}", teamA).replace("{taskId}", taskA)
                .replace("{id}", String.valueOf(notificationA)).replace("{tokenId}", feedTokenA);
        url = switch (path) {
            case "/notifications" -> url + "?taskId=" + taskA;
            case "/notifications/resend" -> url + "?state=FAILED&team=" + teamA;
            case "/audit" -> url + "?team=" + teamA;
            default -> url;
        };
        String body = switch (path) {
            case "/teams/{team}" -> "{\"name\":\"Team A\",\"members\":[]}";
            case "/teams/{team}/calendar/tokens" -> "{\"owner\":\"someone\"}";
            case "/tasks/{taskId}/completion" -> "{\"completedOn\":\"" + LocalDate.now().minusDays(1) + "\"}";
            case "/admin/clock/advance" -> "{\"by\":\"PT0S\"}";
            default -> method.equals("GET") || method.equals("DELETE") ? null : "{}";
        };
        request = request.header("X-Admin-Token", "test-admin-token");
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.request(method, url);
    }

    private static Header caller(String subject, String role, String team) {
        return TestCallers.bearer(subject, List.of(role), List.of(team));
    }
}
