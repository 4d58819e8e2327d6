package org.trialclock.schedule.enrollment;

import org.trialclock.stack.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.trialclock.schedule.enrollment.Coordinator.dliEnrollment;
import static org.trialclock.schedule.enrollment.Coordinator.enroll;
import static org.trialclock.schedule.enrollment.Coordinator.subject;
import static org.trialclock.schedule.enrollment.Coordinator.today;

/** The protocol catalog, the plan preview, and finding a site's or a care team's patients. */
@QuarkusTest
class CatalogPreviewAndListingTest {
    @Inject
    EntityManager em;

    @Test
    void the_catalog_lists_the_five_trials_with_their_arms_and_anchors() {
        given().get("/protocols").then().statusCode(200)
                .body("id", containsInAnyOrder("NCT07105579", "NCT06438796", "BLINA-PRE-HSCT-RCT", "NCT06507514",
                        "NCT06607419"))
                .body("version", everyItem(not(emptyOrNullString())))
                .body("title", everyItem(not(emptyOrNullString())))
                .body("arms", everyItem(not(hasSize(0))))
                .body("anchors", everyItem(not(hasSize(0))))
                .body("find { it.id == 'NCT07105579' }.registration", equalTo("NCT07105579"))
                .body("find { it.id == 'NCT07105579' }.anchors", equalTo(List.of("HSCT")))
                // seed 000: "Allocation: RANDOMIZED", blinatumomab maintenance against no maintenance
                .body("find { it.id == 'NCT06438796' }.arms", containsInAnyOrder("BLINATUMOMAB", "CONTROL"))
                .body("find { it.id == 'BLINA-PRE-HSCT-RCT' }.arms", containsInAnyOrder("BLINATUMOMAB", "DIRECT_HSCT"))
                .body("find { it.id == 'BLINA-PRE-HSCT-RCT' }.anchors", containsInAnyOrder("RANDOMIZATION", "HSCT"))
                .body("find { it.id == 'NCT06607419' }.anchors", equalTo(List.of("INDUCTION_D1")));
    }

    @Test
    void one_protocol_is_shown_in_full_with_its_activities_and_eligibility_rule() {
        // NCT06607419: "A. Provisional low-risk: D19MRD ≥ 0.1%; B. Provisional intermediate-risk: D19MRD ≥ 0.01%"
        given().get("/protocols/NCT06607419").then().statusCode(200)
                .body("id", equalTo("NCT06607419"))
                .body("version", notNullValue())
                .body("activities", not(hasSize(0)))
                .body("eligibility.find { it.id == 'd19-mrd' }.judge.mrdAtTimepoint.timepoint", equalTo("D19"))
                .body("eligibility.find { it.id == 'd19-mrd' }.judge.mrdAtTimepoint.atLeastByRiskGroup.LOW", equalTo(0.1f))
                .body("eligibility.find { it.id == 'consent' }.judge", nullValue());
    }

    @Test
    void an_unknown_protocol_is_a_not_found_problem_naming_the_id() {
        given().get("/protocols/NCT00000000").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("errors.field", hasItem("id"));
    }

    @Test
    void a_preview_shows_the_schedule_an_enrollment_would_get_and_stores_and_publishes_nothing() {
        LocalDate hsct = today().minusDays(62);
        String body = dliEnrollment(subject(), hsct);
        StoredRows before = StoredRows.now(em);
        // "Cycle 1 (starting at day 60 post-transplant)", "DLI ... at day 120 post-HSCT, CD3+ cell dose: 1 × 10⁷/kg"
        given().contentType(ContentType.JSON).body(body).post("/plans/preview").then().statusCode(200)
                .body("find { it.kind == 'CYCLE_START' && it.cycle == 1 }.dueDate", equalTo(hsct.plusDays(60).toString()))
                .body("find { it.kind == 'DLI' }.dueDate", equalTo(hsct.plusDays(120).toString()))
                .body("find { it.kind == 'DLI' }.dose.absolute", equalTo(6.25e8f))
                .body("protocolId", everyItem(equalTo("NCT07105579")))
                .body("id", everyItem(nullValue()));
        assertThat(StoredRows.now(em)).isEqualTo(before);

        // The preview is the schedule the enrollment then gets.
        List<String> previewed = given().contentType(ContentType.JSON).body(body).post("/plans/preview").then()
                .extract().jsonPath().getList("dueDate");
        String enrollment = enroll(body);
        assertThat(Coordinator.tasks(enrollment)).extracting(t -> t.get("dueDate")).containsExactlyElementsOf(previewed);
    }

    @Test
    void a_preview_the_protocol_refuses_is_the_same_problem_as_the_enrollment_would_be() {
        StoredRows before = StoredRows.now(em);
        given().contentType(ContentType.JSON).body(dliEnrollment(subject(), today()).replace("62.5", "0"))
                .post("/plans/preview").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("weightKg"));
        assertThat(StoredRows.now(em)).isEqualTo(before);
    }

    @Test
    void enrollments_are_found_by_site_by_care_team_and_by_both() {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String siteA = "site-a-" + run;
        String siteB = "site-b-" + run;
        String teamX = TestCallers.team("team-x");
        String teamY = TestCallers.team("team-y");
        String ax = enroll(at(siteA, teamX));
        String ay = enroll(at(siteA, teamY));
        String bx = enroll(at(siteB, teamX));

        given().get("/enrollments?siteId=" + siteA).then().statusCode(200).body("id", containsInAnyOrder(ax, ay));
        given().get("/enrollments?careTeam=" + teamX).then().statusCode(200).body("id", containsInAnyOrder(ax, bx));
        given().get("/enrollments?siteId=" + siteA + "&careTeam=" + teamX).then().statusCode(200)
                .body("id", equalTo(List.of(ax)))
                .body("[0].tasks", not(hasSize(0)));
        given().get("/enrollments?siteId=nowhere-" + run).then().statusCode(200).body("", hasSize(0));
    }

    private static String at(String siteId, String careTeam) {
        return dliEnrollment(subject(), today().minusDays(62))
                .replace("\"siteId\":\"zju\"", "\"siteId\":\"" + siteId + "\"")
                .replace("\"careTeam\":\"zju-hsct\"", "\"careTeam\":\"" + careTeam + "\"");
    }
}
