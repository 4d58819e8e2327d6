package org.trialclock.notify.calendar;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.trialclock.events.EventTypes;
import org.trialclock.events.TaskPayload;
import org.trialclock.notify.TrialTasksTopic;

import java.io.StringReader;
import java.net.URI;
import java.time.LocalDate;
import java.util.HashMap;
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
import static org.trialclock.notify.TrialTasksTopic.doseStepUp;
import static org.trialclock.notify.TrialTasksTopic.sameSubject;

/** A care team's calendar feed: every task of the team once, following reschedules and cancellations. */
@QuarkusTest
class TeamCalendarTest {
    private final TrialTasksTopic topic = new TrialTasksTopic();

    @Inject
    EntityManager em;

    @AfterEach
    void close() {
        topic.close();
    }

    @Test
    void the_feed_has_each_task_once_and_a_moved_task_keeps_its_uid_with_a_higher_sequence() throws Exception {
        String team = newTeam(null, List.of(member("nurse-li", "NURSE", null, null)));
        LocalDate due = LocalDate.now().plusDays(20);
        TaskPayload stepUp = doseStepUp(team, due, "PLANNED", 1);
        TaskPayload marrow = sameSubject(stepUp, "Bone-marrow MRD before cycle 2", due.plusDays(80));
        topic.send(UUID.randomUUID().toString(), EventTypes.TASK_SCHEDULED, stepUp);
        topic.send(UUID.randomUUID().toString(), EventTypes.TASK_SCHEDULED, marrow);
        awaitVersion(stepUp.id(), 1);
        awaitVersion(marrow.id(), 1);
        String url = issue(team, "nurse-li");

        Map<String, VEvent> before = feed(url);
        assertThat(before).containsOnlyKeys(stepUp.id() + "@trialclock", marrow.id() + "@trialclock");
        VEvent event = before.get(stepUp.id() + "@trialclock");
        assertThat(value(event, Property.DTSTART)).isEqualTo(ics(due));
        assertThat(value(event, Property.DESCRIPTION)).contains("Window: " + due + " to " + due.plusDays(1))
                .contains("Dose: 28 ug/day");
        assertThat(value(event, Property.SEQUENCE)).isEqualTo("0");

        // the cycle started two days late, so its day-4 step-up moves; then the marrow check is cancelled
        TaskPayload moved = new TaskPayload(stepUp.id(), stepUp.enrollmentId(), stepUp.subjectId(), stepUp.protocolId(),
                stepUp.protocolVersion(), stepUp.activity(), stepUp.kind(), stepUp.title(), stepUp.cycle(),
                due.plusDays(2), due.plusDays(2), due.plusDays(3), "PLANNED", null, stepUp.dose(), null,
                stepUp.siteId(), team, stepUp.timezone(), 2);
        topic.send(UUID.randomUUID().toString(), EventTypes.TASK_RESCHEDULED, moved);
        topic.send(UUID.randomUUID().toString(), EventTypes.TASK_CANCELLED, TrialTasksTopic.with(marrow, "CANCELLED", 2));
        awaitVersion(stepUp.id(), 2);
        awaitVersion(marrow.id(), 2);

        Map<String, VEvent> after = feed(url);
        assertThat(after).containsOnlyKeys(before.keySet());
        VEvent movedEvent = after.get(stepUp.id() + "@trialclock");
        assertThat(value(movedEvent, Property.DTSTART)).isEqualTo(ics(due.plusDays(2)));
        assertThat(Integer.parseInt(value(movedEvent, Property.SEQUENCE))).isGreaterThan(0);
        VEvent cancelled = after.get(marrow.id() + "@trialclock");
        assertThat(value(cancelled, Property.STATUS)).isEqualTo("CANCELLED");
        assertThat(Integer.parseInt(value(cancelled, Property.SEQUENCE))).isGreaterThan(0);
    }

    @Test
    void a_revoked_address_is_gone_and_an_unknown_team_has_no_feed() {
        String team = newTeam(null, List.of(member("nurse-li", "NURSE", null, null)));
        var issued = given().contentType(ContentType.JSON).body("{\"owner\":\"nurse-li\"}")
                .post("/teams/" + team + "/calendar/tokens").then().statusCode(201).extract();
        String url = path(issued.jsonPath().getString("feedUrl"));
        String other = issue(team, "dr-wang");
        given().get(url).then().statusCode(200).contentType("text/calendar");

        given().delete(issued.header("Location")).then().statusCode(204);

        given().get(url).then().statusCode(404).contentType("application/problem+json")
                .body("errors.field", hasItem("token"));
        given().get(path(other)).then().statusCode(200);
        given().get("/teams/" + team + "/calendar.ics").then().statusCode(404);
        given().get("/teams/no-such-team/calendar.ics?token=x").then().statusCode(404)
                .contentType("application/problem+json").body("errors.field", hasItem("team"));
        given().contentType(ContentType.JSON).body("{}").post("/teams/" + team + "/calendar/tokens")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("owner"));
    }

    private void awaitVersion(String taskId, long version) {
        // Awaitility polls from its own thread: each look is a transaction of its own
        await().untilAsserted(() -> assertThat(QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT coalesce(max(version), 0) FROM task_view WHERE task_id = cast(?1 as uuid)")
                .setParameter(1, taskId).getSingleResult()).longValue())).isEqualTo(version));
    }

    private static String issue(String team, String owner) {
        return given().contentType(ContentType.JSON).body("{\"owner\":\"" + owner + "\"}")
                .post("/teams/" + team + "/calendar/tokens").then().statusCode(201).body("owner", equalTo(owner))
                .extract().jsonPath().getString("feedUrl");
    }

    private static String path(String feedUrl) {
        URI uri = URI.create(feedUrl);
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }

    private static Map<String, VEvent> feed(String feedUrl) throws Exception {
        String ics = given().get(path(feedUrl)).then().statusCode(200).contentType("text/calendar").extract().asString();
        Map<String, VEvent> events = new HashMap<>();
        for (VEvent event : new CalendarBuilder().build(new StringReader(ics)).<VEvent>getComponents("VEVENT")) {
            assertThat(events.put(value(event, Property.UID), event)).as("each task once").isNull();
        }
        return events;
    }

    private static String value(VEvent event, String property) {
        return event.getProperty(property).orElseThrow(() -> new AssertionError("no " + property)).getValue();
    }

    private static String ics(LocalDate date) {
        return date.toString().replace("-", "");
    }
}
