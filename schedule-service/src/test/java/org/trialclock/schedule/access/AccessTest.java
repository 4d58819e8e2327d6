package org.trialclock.schedule.access;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.http.Header;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.trialclock.stack.TestCallers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.trialclock.schedule.access.Roles.ADMIN;
import static org.trialclock.schedule.access.Roles.CARE_TEAM;
import static org.trialclock.schedule.access.Roles.COORDINATOR;
import static org.trialclock.schedule.access.Roles.INVESTIGATOR;
import static org.trialclock.schedule.enrollment.Coordinator.dliEnrollment;
import static org.trialclock.schedule.enrollment.Coordinator.event;
import static org.trialclock.schedule.enrollment.Coordinator.subject;
import static org.trialclock.schedule.enrollment.Coordinator.today;

/**
 * Every operation of the service's own OpenAPI document, read at test time so that a new endpoint cannot be
 * forgotten: without a token it is a 401, with a role not allowed on the caller's own team a 403, and with an allowed
 * role but another team a 404 (as if the data did not exist), all as problem+json. The tables below say who may call
 * what; an operation missing from them fails the test.
 */
@QuarkusTest
class AccessTest {
    private static final Set<String> EVERY_ROLE = Set.of(COORDINATOR, CARE_TEAM, INVESTIGATOR, ADMIN);
    private static final Set<String> READERS = Set.of(COORDINATOR, INVESTIGATOR, ADMIN);
    private static final Set<String> WRITERS = Set.of(COORDINATOR, ADMIN);

    /** Who may call each operation, on the teams in the token. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("GET /protocols", EVERY_ROLE),
            Map.entry("GET /protocols/{id}", EVERY_ROLE),
            Map.entry("GET /protocols/{id}/fhir", EVERY_ROLE),
            Map.entry("POST /plans/preview", READERS),
            Map.entry("POST /plans/eligibility", READERS),
            Map.entry("GET /pages/protocols", EVERY_ROLE),
            Map.entry("GET /pages/enroll", WRITERS),
            Map.entry("GET /pages/enrollments", READERS),
            Map.entry("GET /pages/enrollments/{id}", READERS),
            Map.entry("GET /audit", Set.of(INVESTIGATOR, ADMIN)),
            Map.entry("POST /enrollments", WRITERS),
            Map.entry("GET /enrollments", READERS),
            Map.entry("GET /enrollments/{id}", READERS),
            Map.entry("GET /enrollments/{id}/tasks", EVERY_ROLE),
            Map.entry("GET /enrollments/{id}/events", READERS),
            Map.entry("POST /enrollments/{id}/events", WRITERS),
            Map.entry("GET /enrollments/{id}/events/{eventId}", READERS),
            Map.entry("PUT /enrollments/{id}/events/{eventId}", WRITERS),
            Map.entry("DELETE /enrollments/{id}/events/{eventId}", WRITERS),
            Map.entry("GET /enrollments/{id}/timeline.svg", EVERY_ROLE),
            Map.entry("GET /enrollments/{id}/fhir", READERS),
            Map.entry("POST /enrollments/{id}/calendar/tokens", READERS),
            Map.entry("DELETE /enrollments/{id}/calendar/tokens/{tokenId}", READERS),
            Map.entry("GET /admin/clock", Set.of(ADMIN)),
            Map.entry("POST /admin/clock/advance", Set.of(ADMIN)),
            Map.entry("GET /admin/outbox/parked", Set.of(ADMIN)),
            Map.entry("POST /admin/outbox/parked/{id}/release", Set.of(ADMIN)));

    /**
     * Not one team's data: the protocol catalog is public knowledge (registry texts), the clock and the outbox's
     * parked rows are the service's own (operators, admin only).
     */
    private static final Set<String> NOT_TEAM_DATA = Set.of("GET /protocols", "GET /protocols/{id}",
            "GET /pages/protocols", "GET /pages/enroll",
            "GET /protocols/{id}/fhir", "GET /admin/clock", "POST /admin/clock/advance", "GET /admin/outbox/parked", "POST /admin/outbox/parked/{id}/release");
    /** Lists: another team's rows are left out (checked below) rather than answered 404. */
    private static final Set<String> LISTS = Set.of("GET /enrollments", "GET /pages/enrollments", "GET /audit");
    /** Open to all, with reason: the start page shows no patient's data and is where a person signs in. */
    private static final Set<String> PUBLIC = Set.of("GET /");
    /**
     * Exempt, with reason: calendar programs cannot send a bearer token, so a feed URL carries its own revocable
     * secret instead (CalendarFeedTest checks it). /q/* (health, metrics, openapi) are not in the document.
     */
    private static final Set<String> OWN_SECRET = Set.of("GET /enrollments/{id}/calendar.ics");

    private static String teamA;
    private static String teamB;
    private static String enrollmentA;
    private static String eventA;
    private static String feedTokenA;

    /** Made once, by the first test (RestAssured knows the test port only from then on). */
    @BeforeEach
    void oneEnrollmentOfTeamA() {
        if (feedTokenA != null) {
            return;
        }
        teamA = TestCallers.team("access-a");
        teamB = TestCallers.team("access-b");
        Header coordinatorA = caller("coordinator-wang", COORDINATOR, teamA);
        String location = given().header(coordinatorA).contentType(ContentType.JSON)
                .body(enrollmentOf(teamA)).post("/enrollments").then().statusCode(201)
                .body("enrolledBy", equalTo("coordinator-wang")).extract().header("Location");
        enrollmentA = location.substring(location.lastIndexOf('/') + 1);
        String eventLocation = given().header(coordinatorA).contentType(ContentType.JSON)
                .body(event("GVHD_ASSESSED", today(), "{\"kind\":\"ACUTE\",\"grade\":1,\"active\":true}"))
                .post("/enrollments/" + enrollmentA + "/events").then().statusCode(201).extract().header("Location");
        eventA = eventLocation.substring(eventLocation.lastIndexOf('/') + 1);
        feedTokenA = given().header(coordinatorA).contentType(ContentType.JSON).body(Map.of("owner", "coordinator-wang"))
                .post("/enrollments/" + enrollmentA + "/calendar/tokens").then().statusCode(201).extract().path("id");
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
            if (OWN_SECRET.contains(operation)) {
                continue;
            }
            if (PUBLIC.contains(operation)) {
                assertThat(send(operation, given().header(TestCallers.noToken())).statusCode()).as(operation).isEqualTo(200);
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
                if (operation.startsWith("GET ")) {
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
    void a_bad_or_expired_token_is_a_401_problem() {
        given().header("Authorization", "Bearer not-a-token").get("/enrollments/" + enrollmentA).then()
                .statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        String expired = org.trialclock.stack.Tokens.forThisJvm().mint("coordinator-wang", List.of(COORDINATOR),
                List.of(teamA), java.time.Instant.now().minus(java.time.Duration.ofHours(9)), java.time.Duration.ofHours(8));
        given().header("Authorization", "Bearer " + expired).get("/enrollments/" + enrollmentA).then()
                .statusCode(401).contentType("application/problem+json");
        String foreign = org.trialclock.stack.Tokens.generate().mint("coordinator-wang", List.of(COORDINATOR),
                List.of(teamA));
        given().header("Authorization", "Bearer " + foreign).get("/enrollments/" + enrollmentA).then()
                .statusCode(401).contentType("application/problem+json");
    }

    @Test
    void lists_show_only_the_callers_teams_and_probes_need_no_token() {
        given().header(caller("outsider", INVESTIGATOR, teamB)).get("/enrollments").then().statusCode(200)
                .body("id", not(hasItem(enrollmentA)));
        given().header(caller("outsider", INVESTIGATOR, teamB)).get("/enrollments?careTeam=" + teamA).then()
                .statusCode(200).body("size()", equalTo(0));
        given().header(caller("insider", INVESTIGATOR, teamA)).get("/enrollments").then().statusCode(200)
                .body("id", hasItem(enrollmentA));
        for (String open : List.of("/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi")) {
            given().header(TestCallers.noToken()).get(open).then().statusCode(200);
        }
    }

    @Test
    void who_recorded_an_event_is_the_tokens_subject() {
        given().header(caller("investigator-zhou", INVESTIGATOR, teamA)).get("/enrollments/" + enrollmentA + "/events")
                .then().statusCode(200).body("[0].recordedBy", equalTo("coordinator-wang"));
        given().header(caller("investigator-zhou", INVESTIGATOR, teamA)).get("/enrollments/" + enrollmentA).then()
                .statusCode(200).body("enrolledBy", equalTo("coordinator-wang"));
    }

    private static void refused(String operation, io.restassured.specification.RequestSpecification request,
                                int status) {
        Response response = send(operation, request);
        assertThat(response.statusCode()).as(operation + " -> " + status + ": " + response.asString())
                .isEqualTo(status);
        assertThat(response.contentType()).as(operation).startsWith("application/problem+json");
    }

    private static Response send(String operation, io.restassured.specification.RequestSpecification request) {
        String method = operation.substring(0, operation.indexOf(' '));
        String path = operation.substring(operation.indexOf(' ') + 1);
        String url = path.startsWith("/protocols") ? path.replace("{id}", "NCT07105579")
                : path.replace("{id}", enrollmentA).replace("{eventId}", eventA).replace("{tokenId}", feedTokenA);
        if (path.equals("/audit")) {
            url = url + "?enrollmentId=" + enrollmentA;
        }
        String body = switch (path) {
            case "/enrollments", "/plans/preview", "/plans/eligibility" -> enrollmentOf(teamA);
            case "/admin/clock/advance" -> "{\"by\":\"PT0S\"}";
            case "/enrollments/{id}/calendar/tokens" -> "{\"owner\":\"someone\"}";
            default -> path.contains("/events") ? event("GVHD_ASSESSED", today(),
                    "{\"kind\":\"ACUTE\",\"grade\":1,\"active\":true}") : null;
        };
        request = request.header("X-Admin-Token", "test-only");
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.request(method, url);
    }

    private static String enrollmentOf(String team) {
        return dliEnrollment(subject(), today().minusDays(61)).replace("\"careTeam\":\"zju-hsct\"",
                "\"careTeam\":\"" + team + "\"");
    }

    private static Header caller(String subject, String role, String team) {
        return TestCallers.bearer(subject, List.of(role), List.of(team));
    }
}
