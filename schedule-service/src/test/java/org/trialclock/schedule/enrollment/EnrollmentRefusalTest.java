package org.trialclock.schedule.enrollment;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.trialclock.schedule.enrollment.Coordinator.dliEnrollment;
import static org.trialclock.schedule.enrollment.Coordinator.enroll;
import static org.trialclock.schedule.enrollment.Coordinator.subject;
import static org.trialclock.schedule.enrollment.Coordinator.today;

/**
 * Every refusal of {@code POST /enrollments} is a 4xx {@code application/problem+json} naming the field and the
 * reason, and leaves the enrollment, event, task and outbox tables as they were (nothing stored, nothing published).
 */
@QuarkusTest
class EnrollmentRefusalTest {
    @Inject
    EntityManager em;

    @Test
    void a_protocol_that_counts_from_the_transplant_is_refused_without_the_transplant_date() {
        // NCT07105579: "Cycle 1 (starting at day 60 post-transplant)": no HSCT date, no schedule.
        String noAnchors = dliEnrollment(subject(), today()).replaceAll("\"anchors\":\\{[^}]*\\},", "\"anchors\":{},");
        refused(noAnchors, 422, "anchors.HSCT");
        refused(dliEnrollment(subject(), today()).replaceAll("\"anchors\":\\{[^}]*\\},", ""), 422, "anchors.HSCT");
    }

    @Test
    void an_anchor_the_protocol_does_not_have_is_refused() {
        refused(dliEnrollment(subject(), today()).replace("\"HSCT\"", "\"AUTO_HSCT\""), 400, "anchors.AUTO_HSCT");
    }

    @Test
    void an_impossible_calendar_date_is_refused_in_an_anchor_and_in_an_initial_event() {
        refused(dliEnrollment(subject(), today()).replaceAll("\"HSCT\":\"[0-9-]+\"", "\"HSCT\":\"2026-02-30\""),
                400, "anchors.HSCT");
        String withEvent = dliEnrollment(subject(), today()).replace("\"weightKg\"",
                "\"events\":[{\"type\":\"LAB_RESULT\",\"date\":\"2026-02-30\",\"data\":{\"wbc\":4}}],\"weightKg\"");
        refused(withEvent, 400, "events[0].date");
    }

    @Test
    void a_weight_of_zero_or_less_or_above_300_kg_is_refused_because_the_dli_dose_is_per_kg() {
        // "CD3+ cell dose: 1 × 10⁷/kg": a wrong weight gives a wrong cell dose.
        refused(dliEnrollment(subject(), today()).replace("62.5", "-4"), 400, "weightKg");
        refused(dliEnrollment(subject(), today()).replace("62.5", "0"), 400, "weightKg");
        refused(dliEnrollment(subject(), today()).replace("62.5", "301"), 400, "weightKg");
        refused(dliEnrollment(subject(), today()).replace("62.5", "\"heavy\""), 400, "weightKg");
    }

    @Test
    void the_dli_protocol_needs_the_weight_for_its_per_kg_dose() {
        refused(dliEnrollment(subject(), today()).replace(",\"weightKg\":62.5", ""), 422, "weightKg");
    }

    @Test
    void an_arm_that_is_not_in_the_protocol_is_refused() {
        refused(dliEnrollment(subject(), today()).replace("\"protocolId\"", "\"arm\":\"PLACEBO\",\"protocolId\""),
                422, "arm");
    }

    @Test
    void a_randomized_protocol_enrolled_without_its_arm_is_refused_because_allocation_is_not_ours() {
        // NCT06438796: "Allocation: RANDOMIZED"; the arm must come from the randomization.
        refused(maintenance(subject(), null), 422, "arm");
    }

    @Test
    void a_randomized_protocol_enrolled_with_its_arm_is_accepted() {
        enroll(maintenance(subject(), "CONTROL"));
    }

    @Test
    void a_second_active_enrollment_of_the_same_subject_in_the_same_protocol_is_a_conflict() {
        String subject = subject();
        enroll(dliEnrollment(subject, today().minusDays(62)));
        refused(dliEnrollment(subject, today().minusDays(63)), 409, "subjectId");
    }

    @Test
    void a_low_risk_patient_with_day_19_mrd_of_0_099_percent_is_not_eligible() {
        // NCT06607419: "A. Provisional low-risk: D19MRD ≥ 0.1%"
        refused(earlyResidualDisease(subject(), "LOW", "0.099"), 422, "eligibility.d19-mrd");
    }

    @Test
    void an_intermediate_risk_patient_with_day_19_mrd_of_exactly_0_01_percent_is_eligible() {
        // "B. Provisional intermediate-risk: D19MRD ≥ 0.01%"
        String id = enroll(earlyResidualDisease(subject(), "INTERMEDIATE", "0.01"));
        given().get("/enrollments/" + id).then().statusCode(200)
                .body("eligibility.criteria.find { it.id == 'd19-mrd' }.status", equalTo("MET"));
    }

    @Test
    void without_the_provisional_risk_group_the_day_19_criterion_is_unverified_and_the_enrollment_is_kept() {
        // Missing data never refuses: "Meet one of the following situations" cannot be judged without the group.
        String id = enroll(earlyResidualDisease(subject(), null, "0.5"));
        given().get("/enrollments/" + id).then().statusCode(200)
                .body("eligibility.criteria.find { it.id == 'd19-mrd' }.status", equalTo("UNVERIFIED"));
    }

    @Test
    void a_patient_of_66_is_refused_naming_the_age_criterion_and_its_text_and_a_patient_of_65_is_enrolled() {
        // NCT07105579: "Age 14-65 years (inclusive), regardless of gender."
        String body = dliEnrollment(subject(), today().minusDays(62)).replace("\"weightKg\"", "\"ageYears\":66,\"weightKg\"");
        refused(body, 422, "eligibility.age-14-65");
        given().contentType(ContentType.JSON).body(body).post("/enrollments").then().statusCode(422)
                .body("errors.find { it.field == 'eligibility.age-14-65' }.reason", containsString("Age 14-65 years (inclusive)"));
        String id = enroll(body.replace("\"ageYears\":66", "\"ageYears\":65"));
        given().get("/enrollments/" + id).then().statusCode(200)
                .body("eligibility.criteria.find { it.id == 'age-14-65' }.status", equalTo("MET"));
    }

    @Test
    void an_enrollment_40_days_after_the_transplant_is_refused_because_the_text_asks_for_two_months() {
        // NCT07105579: "≥2 months post-transplant with hematopoietic reconstitution."
        refused(dliEnrollment(subject(), today().minusDays(40)), 422, "eligibility.two-months-post-transplant");
    }

    @Test
    void every_criterion_the_data_shows_unmet_is_named_at_once() {
        String body = dliEnrollment(subject(), today().minusDays(40)).replace("\"weightKg\"", "\"ageYears\":13,\"weightKg\"");
        refused(body, 422, "eligibility.age-14-65");
        refused(body, 422, "eligibility.two-months-post-transplant");
    }

    @Test
    void an_attestation_must_name_a_criterion_of_the_protocol() {
        refused(dliEnrollment(subject(), today().minusDays(62)).replace("\"weightKg\"",
                "\"attestations\":[\"ecog-lt-3\",\"ecog-lt-2\"],\"weightKg\""), 400, "attestations[1]");
    }

    @Test
    void an_age_in_years_and_in_months_together_or_months_from_two_years_on_are_refused() {
        String body = dliEnrollment(subject(), today().minusDays(62));
        refused(body.replace("\"weightKg\"", "\"ageYears\":1,\"ageMonths\":14,\"weightKg\""), 400, "ageMonths");
        refused(body.replace("\"weightKg\"", "\"ageMonths\":24,\"weightKg\""), 400, "ageMonths");
        refused(body.replace("\"weightKg\"", "\"ageYears\":-1,\"weightKg\""), 400, "ageYears");
    }

    @Test
    void an_initial_event_of_an_unknown_type_is_refused() {
        String withEvent = dliEnrollment(subject(), today()).replace("\"weightKg\"",
                "\"events\":[{\"type\":\"FEVER\",\"date\":\"" + today() + "\"}],\"weightKg\"");
        refused(withEvent, 400, "events[0].type");
    }

    @Test
    void malformed_json_is_refused() {
        StoredRows before = StoredRows.now(em);
        given().contentType(ContentType.JSON).body("{\"subjectId\":\"ZJU-1\",").post("/enrollments")
                .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        assertThat(StoredRows.now(em)).as("a refusal stores and publishes nothing").isEqualTo(before);
    }

    @Test
    void an_unknown_protocol_is_refused() {
        refused(dliEnrollment(subject(), today()).replace("NCT07105579", "NCT00000000"), 400, "protocolId");
    }

    @Test
    void an_enrollment_without_its_care_team_is_refused_because_nobody_would_be_told() {
        refused(dliEnrollment(subject(), today()).replace("\"careTeam\":\"zju-hsct\",", ""), 400, "careTeam");
    }

    private static String maintenance(String subjectId, String arm) {
        return """
                {"subjectId":"%s","protocolId":"NCT06438796",%s"siteId":"zju","careTeam":"zju-hsct",
                 "timezone":"Asia/Shanghai","anchors":{"HSCT":"%s"}}"""
                .formatted(subjectId, arm == null ? "" : "\"arm\":\"" + arm + "\",", today().minusDays(20));
    }

    /** NCT06607419 with induction day 1 twenty days ago and the day-19 marrow MRD among the initial events. */
    private static String earlyResidualDisease(String subjectId, String riskGroup, String d19MrdPercent) {
        LocalDate inductionDay1 = today().minusDays(20);
        return """
                {"subjectId":"%s","protocolId":"NCT06607419",%s"siteId":"zju","careTeam":"zju-paed",
                 "timezone":"Asia/Shanghai","anchors":{"INDUCTION_D1":"%s"},"weightKg":30,
                 "events":[{"type":"MRD_RESULT","date":"%s","data":{"mrdPercent":%s,"method":"FLOW","timepoint":"D19"}}]}"""
                .formatted(subjectId, riskGroup == null ? "" : "\"riskGroup\":\"" + riskGroup + "\",", inductionDay1,
                        inductionDay1.plusDays(18), d19MrdPercent);
    }

    private void refused(String body, int status, String field) {
        StoredRows before = StoredRows.now(em);
        given().contentType(ContentType.JSON).body(body).post("/enrollments")
                .then().statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("errors.field", hasItem(field))
                .body("errors.reason", everyItem(not(emptyOrNullString())));
        assertThat(StoredRows.now(em)).as("a refusal stores and publishes nothing").isEqualTo(before);
    }
}
