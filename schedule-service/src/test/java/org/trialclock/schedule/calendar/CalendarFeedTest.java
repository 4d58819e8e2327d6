package org.trialclock.schedule.calendar;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;
import org.trialclock.schedule.enrollment.Coordinator;

import java.io.StringReader;
import java.net.URI;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.trialclock.schedule.enrollment.Coordinator.dliEnrollment;
import static org.trialclock.schedule.enrollment.Coordinator.enroll;
import static org.trialclock.schedule.enrollment.Coordinator.event;
import static org.trialclock.schedule.enrollment.Coordinator.record;
import static org.trialclock.schedule.enrollment.Coordinator.subject;
import static org.trialclock.schedule.enrollment.Coordinator.today;

/** An enrollment's calendar feed: what a coordinator's calendar program subscribes to with a secret address. */
@QuarkusTest
class CalendarFeedTest {
    @Inject
    EntityManager em;

    @Test
    void every_task_is_one_all_day_event_on_its_due_date_with_window_and_dose() throws Exception {
        String id = enroll(dliEnrollment(subject(), today().minusDays(61)));
        Map<String, VEvent> events = byUid(feed(issue(id, "coordinator-wang")));

        List<Map<String, Object>> tasks = Coordinator.tasks(id);
        assertThat(events).hasSameSizeAs(tasks);
        for (Map<String, Object> task : tasks) {
            VEvent event = events.get(task.get("id") + "@trialclock");
            assertThat(event).as("event of %s", task.get("title")).isNotNull();
            assertThat(start(event)).isEqualTo(LocalDate.parse((String) task.get("dueDate")));
            assertThat(value(event, Property.DTEND)).isEqualTo(LocalDate.parse((String) task.get("dueDate")).plusDays(1)
                    .toString().replace("-", ""));
            assertThat(value(event, Property.DESCRIPTION)).contains("Window: " + task.get("windowStart") + " to "
                    + task.get("windowEnd"));
            assertThat(value(event, Property.SEQUENCE)).isEqualTo("0");
        }
        // "DLI dosage: ... CD3+ cell dose: 1 × 10⁷/kg", for 62.5 kg
        VEvent dli = events.get(Coordinator.task(id, "DLI", null).get("id") + "@trialclock");
        assertThat(value(dli, Property.DESCRIPTION)).contains("Dose: 1x10^7 CD3+ cells/kg (6.25x10^8 for 62.5 kg)");
        assertThat(value(dli, Property.STATUS)).isEqualTo("CONFIRMED");
    }

    @Test
    void a_rescheduled_task_keeps_its_uid_with_a_higher_sequence_and_a_cancelled_one_says_so() throws Exception {
        LocalDate planned = today().minusDays(61);
        String id = enroll(dliEnrollment(subject(), planned));
        String url = issue(id, "nurse-li");
        Map<String, Object> cycle1 = Coordinator.task(id, "CYCLE_START", 1);
        Map<String, Object> dliTask = Coordinator.task(id, "DLI", null);
        Map<String, VEvent> before = byUid(feed(url));

        // the transplant really happened two days later: "Cycle 1 (starting at day 60 post-transplant)" moves
        LocalDate actual = planned.plusDays(2);
        record(id, event("TRANSPLANT_DONE", actual, "{\"anchor\":\"HSCT\"}"));
        // "No history of grade III-IV acute GVHD": the DLI is cancelled
        record(id, event("GVHD_ASSESSED", today(), "{\"kind\":\"ACUTE\",\"grade\":3,\"active\":true}"));
        Map<String, VEvent> after = byUid(feed(url));

        String uid = cycle1.get("id") + "@trialclock";
        assertThat(after).containsOnlyKeys(before.keySet());
        assertThat(start(before.get(uid))).isEqualTo(planned.plusDays(60));
        assertThat(start(after.get(uid))).isEqualTo(actual.plusDays(60));
        assertThat(Integer.parseInt(value(after.get(uid), Property.SEQUENCE)))
                .isGreaterThan(Integer.parseInt(value(before.get(uid), Property.SEQUENCE)));

        VEvent dli = after.get(dliTask.get("id") + "@trialclock");
        assertThat(value(dli, Property.STATUS)).isEqualTo("CANCELLED");
        assertThat(Integer.parseInt(value(dli, Property.SEQUENCE)))
                .isGreaterThan(Integer.parseInt(value(before.get(dliTask.get("id") + "@trialclock"), Property.SEQUENCE)));
    }

    @Test
    void a_revoked_address_is_gone_while_another_persons_still_works() {
        String id = enroll(dliEnrollment(subject(), today().minusDays(61)));
        var wang = given().contentType(ContentType.JSON).body("{\"owner\":\"coordinator-wang\"}")
                .post("/enrollments/" + id + "/calendar/tokens").then().statusCode(201).extract();
        String li = issue(id, "nurse-li");
        String wangUrl = wang.jsonPath().getString("feedUrl");
        given().get(path(wangUrl)).then().statusCode(200);

        given().delete(wang.header("Location")).then().statusCode(204);

        given().get(path(wangUrl)).then().statusCode(404).contentType("application/problem+json")
                .body("errors.field", hasItem("token"));
        given().get(path(li)).then().statusCode(200).contentType("text/calendar");
        // no token, or another enrollment's token, opens nothing
        given().get("/enrollments/" + id + "/calendar.ics").then().statusCode(404);
        String other = enroll(dliEnrollment(subject(), today().minusDays(61)));
        given().get("/enrollments/" + other + "/calendar.ics?" + URI.create(path(li)).getRawQuery()).then().statusCode(404);
    }

    @Test
    void a_token_needs_an_owner_and_an_existing_enrollment() {
        String id = enroll(dliEnrollment(subject(), today().minusDays(61)));
        long before = ((Number) em.createNativeQuery("SELECT count(*) FROM calendar_feed_token").getSingleResult()).longValue();
        given().contentType(ContentType.JSON).body("{\"owner\":\" \"}").post("/enrollments/" + id + "/calendar/tokens")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("owner"));
        long after = ((Number) em.createNativeQuery("SELECT count(*) FROM calendar_feed_token").getSingleResult()).longValue();
        assertThat(after).as("nothing stored").isEqualTo(before);
        given().contentType(ContentType.JSON).body("{\"owner\":\"x\"}")
                .post("/enrollments/00000000-0000-0000-0000-000000000000/calendar/tokens")
                .then().statusCode(404).contentType("application/problem+json").body("errors.field", hasItem("id"));
        given().get("/enrollments/00000000-0000-0000-0000-000000000000/calendar.ics?token=x")
                .then().statusCode(404).body("status", equalTo(404));
    }

    private static String issue(String enrollmentId, String owner) {
        return given().contentType(ContentType.JSON).body("{\"owner\":\"" + owner + "\"}")
                .post("/enrollments/" + enrollmentId + "/calendar/tokens").then().statusCode(201)
                .body("owner", equalTo(owner)).extract().jsonPath().getString("feedUrl");
    }

    /** The feed URL is absolute (for a calendar program); the test client talks to the same server. */
    private static String path(String feedUrl) {
        URI uri = URI.create(feedUrl);
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }

    private static Calendar feed(String feedUrl) throws Exception {
        String ics = given().get(path(feedUrl)).then().statusCode(200).contentType("text/calendar")
                .extract().asString();
        return new CalendarBuilder().build(new StringReader(ics));
    }

    private static Map<String, VEvent> byUid(Calendar calendar) {
        Map<String, VEvent> events = new HashMap<>();
        for (VEvent event : calendar.<VEvent>getComponents("VEVENT")) {
            VEvent earlier = events.put(value(event, Property.UID), event);
            assertThat(earlier).as("each task once").isNull();
        }
        return events;
    }

    private static String value(VEvent event, String property) {
        return event.getProperty(property).orElseThrow(() -> new AssertionError("no " + property)).getValue();
    }

    private static LocalDate start(VEvent event) {
        assertThat(event.getProperty(Property.DTSTART).orElseThrow().getParameter("VALUE").orElseThrow().getValue())
                .as("an all-day event").isEqualTo("DATE");
        String v = value(event, Property.DTSTART);
        return LocalDate.of(Integer.parseInt(v.substring(0, 4)), Integer.parseInt(v.substring(4, 6)),
                Integer.parseInt(v.substring(6, 8)));
    }
}
