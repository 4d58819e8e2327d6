package org.trialclock.schedule.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trialclock.schedule.planning.Trials.*;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each protocol's eligibility criteria judged from the enrollment's data, boundaries included. */
class EligibilityTest {

    static final LocalDate HSCT = d("2026-01-10");

    static Enrollee dli(Integer ageYears, LocalDate enrolledOn, Set<String> attested) {
        return new Enrollee("S-1", null, null, Map.of("HSCT", HSCT), new BigDecimal("62.5"), enrolledOn, ageYears, null,
                attested);
    }

    static Enrollee child(String riskGroup, Integer ageYears, Integer ageMonths) {
        return new Enrollee("P-1", null, riskGroup, Map.of("INDUCTION_D1", d("2026-01-10")), null, d("2026-01-30"),
                ageYears, ageMonths, Set.of());
    }

    static CriterionStatus criterion(Plan plan, String id) {
        return plan.eligibility().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no criterion " + id));
    }

    static EligibilityStatus status(String protocolId, Enrollee e, List<ClinicalEvent> events, String id) {
        return criterion(plan(protocolId, e, events, List.of()), id).status();
    }

    @ParameterizedTest(name = "NCT07105579 \"Age 14-65 years (inclusive)\": age {0} is {1}")
    @CsvSource({"13, NOT_MET", "14, MET", "65, MET", "66, NOT_MET"})
    void nct07105579_takes_patients_aged_14_to_65_inclusive(int age, EligibilityStatus expected) {
        assertThat(status("NCT07105579", dli(age, d("2026-03-10"), Set.of()), List.of(), "age-14-65")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "NCT06438796 \"Age 16-65 years\": age {0} is {1}")
    @CsvSource({"15, NOT_MET", "16, MET", "65, MET", "66, NOT_MET"})
    void nct06438796_takes_patients_aged_16_to_65(int age, EligibilityStatus expected) {
        Enrollee e = new Enrollee("S", "CONTROL", null, Map.of("HSCT", HSCT), null, d("2026-02-01"), age, null, Set.of());
        assertThat(status("NCT06438796", e, List.of(), "age-16-65")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "NCT06607419 \"Age older than 1 month to younger than 18 years\": {0} years {1} months is {2}")
    @CsvSource({", 0, NOT_MET", ", 1, MET", ", 23, MET", "17, , MET", "18, , NOT_MET", "0, , UNVERIFIED"})
    void nct06607419_takes_children_older_than_1_month_and_younger_than_18_years(Integer years, Integer months,
                                                                                 EligibilityStatus expected) {
        assertThat(status("NCT06607419", child("LOW", years, months), List.of(), "age-1-month-to-17-years"))
                .isEqualTo(expected);
    }

    @Test
    void blina_pre_hsct_takes_adults_only() {
        // "in adults with high-risk BCR::ABL1-negative B-cell acute lymphoblastic leukemia (B-ALL)"
        for (int age : new int[] {17, 18}) {
            Enrollee e = new Enrollee("S", "DIRECT_HSCT", null, Map.of("RANDOMIZATION", d("2026-01-10")), null,
                    d("2026-01-10"), age, null, Set.of());
            assertThat(status("BLINA-PRE-HSCT-RCT", e, List.of(), "adult")).as("age " + age)
                    .isEqualTo(age >= 18 ? EligibilityStatus.MET : EligibilityStatus.NOT_MET);
        }
    }

    @Test
    void an_age_not_given_leaves_the_criterion_unverified_and_does_not_refuse() {
        Plan plan = plan("NCT07105579", dli(null, d("2026-03-10"), Set.of()), List.of(), List.of());
        assertThat(criterion(plan, "age-14-65").status()).isEqualTo(EligibilityStatus.UNVERIFIED);
        assertThat(plan.notMet()).isEmpty();
    }

    @Test
    void nct07105579_needs_two_months_after_the_transplant() {
        // "≥2 months post-transplant with hematopoietic reconstitution": HSCT 2026-01-10, so from 2026-03-10 on.
        assertThat(status("NCT07105579", dli(40, d("2026-03-09"), Set.of()), List.of(), "two-months-post-transplant"))
                .isEqualTo(EligibilityStatus.NOT_MET);
        assertThat(status("NCT07105579", dli(40, d("2026-03-10"), Set.of()), List.of(), "two-months-post-transplant"))
                .isEqualTo(EligibilityStatus.MET);
    }

    @Test
    void nct07105579_needs_the_last_mrd_before_enrollment_negative() {
        // "Bone marrow morphology in remission and MRD-negative before enrollment."
        Enrollee e = dli(40, d("2026-03-10"), Set.of());
        assertThat(status("NCT07105579", e, List.of(), "mrd-negative")).isEqualTo(EligibilityStatus.UNVERIFIED);
        assertThat(status("NCT07105579", e, List.of(mrd("2026-03-01", 0.01, "FLOW", null)), "mrd-negative"))
                .isEqualTo(EligibilityStatus.NOT_MET);
        assertThat(status("NCT07105579", e, List.of(mrd("2026-02-01", 0.5, "FLOW", null),
                mrd("2026-03-01", 0.009, "FLOW", null)), "mrd-negative")).isEqualTo(EligibilityStatus.MET);
    }

    @Test
    void nct07105579_refuses_a_history_of_grade_iii_gvhd_or_active_gvhd_at_enrollment() {
        // "No history of grade III/IV graft-versus-host disease (GVHD) and no active GVHD at enrollment."
        Enrollee e = dli(40, d("2026-03-10"), Set.of());
        String id = "no-severe-or-active-gvhd";
        assertThat(status("NCT07105579", e, List.of(), id)).isEqualTo(EligibilityStatus.UNVERIFIED);
        assertThat(status("NCT07105579", e, List.of(gvhd("2026-02-01", "ACUTE", 3, false)), id))
                .isEqualTo(EligibilityStatus.NOT_MET);
        assertThat(status("NCT07105579", e, List.of(gvhd("2026-03-01", "CHRONIC", 1, true)), id))
                .isEqualTo(EligibilityStatus.NOT_MET);
        assertThat(status("NCT07105579", e, List.of(gvhd("2026-02-01", "ACUTE", 2, true),
                gvhd("2026-03-01", "ACUTE", 0, false)), id)).isEqualTo(EligibilityStatus.MET);
    }

    @ParameterizedTest(name = "\"A. Provisional low-risk: D19MRD ≥ 0.1%; B. Provisional intermediate-risk: D19MRD ≥ 0.01%\": {0} {1}% is {2}")
    @CsvSource({"LOW, 0.099, NOT_MET", "LOW, 0.1, MET", "INTERMEDIATE, 0.01, MET", "INTERMEDIATE, 0.0099, NOT_MET",
            "HIGH, 5, NOT_MET"})
    void the_day_19_mrd_must_reach_the_risk_groups_threshold(String group, double percent, EligibilityStatus expected) {
        assertThat(status("NCT06607419", child(group, 5, null), List.of(mrd("2026-01-28", percent, "FLOW", "D19")), "d19-mrd"))
                .isEqualTo(expected);
    }

    @Test
    void without_a_risk_group_or_a_day_19_result_the_d19_criterion_is_unverified() {
        assertThat(status("NCT06607419", child(null, 5, null), List.of(mrd("2026-01-28", 0.5, "FLOW", "D19")), "d19-mrd"))
                .isEqualTo(EligibilityStatus.UNVERIFIED);
        assertThat(status("NCT06607419", child("LOW", 5, null), List.of(), "d19-mrd")).isEqualTo(EligibilityStatus.UNVERIFIED);
    }

    @Test
    void the_coordinator_attests_what_data_cannot_show_but_never_overrides_data_that_refuses() {
        // "ECOG performance status <3 and Karnofsky score ≥70." cannot be read from TrialClock's data.
        Enrollee attested = dli(66, d("2026-03-10"), Set.of("ecog-lt-3", "mrd-negative", "age-14-65"));
        Plan plan = plan("NCT07105579", attested, List.of(), List.of());
        assertThat(criterion(plan, "ecog-lt-3").status()).isEqualTo(EligibilityStatus.ATTESTED);
        assertThat(criterion(plan, "mrd-negative").status()).as("no data: the attestation stands").isEqualTo(EligibilityStatus.ATTESTED);
        assertThat(criterion(plan, "age-14-65").status()).as("data says 66").isEqualTo(EligibilityStatus.NOT_MET);
        assertThat(criterion(plan, "consent").status()).isEqualTo(EligibilityStatus.UNVERIFIED);
        assertThat(criterion(plan, "consent").source()).isEqualTo("text");
        assertThat(criterion(plan, "ecog-lt-3").text()).isNotBlank();
    }

    @Test
    void a_day_19_result_below_the_threshold_arriving_after_enrollment_makes_a_screen_failure_that_cancels_every_open_task() {
        // Enrolled on induction day 15, before the day-19 marrow: "A. Provisional low-risk: D19MRD ≥ 0.1%"
        Enrollee e = new Enrollee("P-1", null, "LOW", Map.of("INDUCTION_D1", d("2026-01-10")), null, d("2026-01-24"), 5,
                null, Set.of());
        Plan plan = plan("NCT06607419", e, List.of(mrd("2026-01-28", 0.05, "FLOW", "D19")),
                List.of(done("mrd-day-19", "2026-01-28")));

        assertThat(criterion(plan, "d19-mrd").status()).isEqualTo(EligibilityStatus.NOT_MET);
        assertThat(task(plan, "mrd-day-19").status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(plan.tasks()).filteredOn(t -> t.status() != TaskStatus.COMPLETED).isNotEmpty().allSatisfy(t -> {
            assertThat(t.status()).isEqualTo(TaskStatus.CANCELLED);
            assertThat(t.statusReason()).startsWith("screen failure").contains("0.05%");
        });
        assertThat(plan.tasks()).filteredOn(t -> t.kind() == TaskKind.CYCLE_START)
                .allSatisfy(t -> assertThat(t.status()).isEqualTo(TaskStatus.CANCELLED));
        assertThat(plan.alerts()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo("SCREEN_FAILURE");
            assertThat(a.message()).contains("D19 MRD 0.05%").contains("0.1%");
        });
    }
}
