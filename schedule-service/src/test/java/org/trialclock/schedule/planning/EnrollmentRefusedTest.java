package org.trialclock.schedule.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.trialclock.schedule.planning.Trials.*;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnrollmentRefusedTest {

    static EnrollmentRefused refusal(String protocolId, Enrollee e, List<ClinicalEvent> events, List<Completion> done) {
        return catchThrowableOfType(EnrollmentRefused.class,
                () -> PLANNER.plan(protocol(protocolId), e, events, done, d("2026-06-01")));
    }

    static EnrollmentRefused refusal(String protocolId, Enrollee e) {
        return refusal(protocolId, e, List.of(), List.of());
    }

    @Test
    void a_randomized_protocol_needs_the_arm() {
        EnrollmentRefused r = refusal("NCT06438796", enrollee(null, Map.of("HSCT", d("2026-01-10")), null, d("2026-02-01")));
        assertThat(r.field()).isEqualTo("arm");
        assertThat(r.reason()).contains("randomized").contains("BLINATUMOMAB").contains("CONTROL");
    }

    @Test
    void an_arm_outside_the_protocol_is_refused_and_a_single_arm_protocol_accepts_its_own_arm() {
        assertThat(refusal("NCT07105579", enrollee("CONTROL", Map.of("HSCT", d("2026-01-10")), "60", d("2026-02-01"))).field())
                .isEqualTo("arm");
        assertThat(refusal("BLINA-PRE-HSCT-RCT", enrollee("PLACEBO", Map.of("RANDOMIZATION", d("2026-01-10")), null,
                d("2026-02-01"))).field()).isEqualTo("arm");
        assertThat(refusal("NCT07105579", enrollee("BITE_DLI", Map.of("HSCT", d("2026-01-10")), "60", d("2026-02-01"))))
                .isNull();
    }

    @Test
    void a_missing_required_anchor_is_refused_but_a_later_transplant_may_be_left_out() {
        EnrollmentRefused r = refusal("NCT07105579", enrollee(null, Map.of(), "60", d("2026-02-01")));
        assertThat(r.field()).isEqualTo("anchors.HSCT");
        assertThat(refusal("BLINA-PRE-HSCT-RCT", enrollee("BLINATUMOMAB", Map.of("RANDOMIZATION", d("2026-01-10")), null,
                d("2026-01-10")))).isNull();
        assertThat(refusal("NCT06607419", new Enrollee("P", null, "LOW", Map.of(), null, d("2026-01-10"))).field())
                .isEqualTo("anchors.INDUCTION_D1");
    }

    @Test
    void an_anchor_the_protocol_does_not_have_is_refused() {
        EnrollmentRefused r = refusal("NCT07105579", enrollee(null,
                Map.of("HSCT", d("2026-01-10"), "INDUCTION_D1", d("2025-10-01")), "60", d("2026-02-01")));
        assertThat(r.field()).isEqualTo("anchors.INDUCTION_D1");
    }

    @Test
    void the_dli_dose_per_kg_needs_a_weight() {
        EnrollmentRefused r = refusal("NCT07105579", enrollee(null, Map.of("HSCT", d("2026-01-10")), null, d("2026-02-01")));
        assertThat(r.field()).isEqualTo("weightKg");
        assertThat(r.reason()).contains("per kg");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "300.1", "620"})
    void an_implausible_weight_is_refused(String kg) {
        EnrollmentRefused r = refusal("NCT07105579", enrollee(null, Map.of("HSCT", d("2026-01-10")), kg, d("2026-02-01")));
        assertThat(r.field()).isEqualTo("weightKg");
    }

    @Test
    void a_weight_of_300_kg_is_the_upper_limit_accepted() {
        assertThat(refusal("NCT07105579", enrollee(null, Map.of("HSCT", d("2026-01-10")), "300", d("2026-02-01")))).isNull();
    }

    @Test
    void malformed_events_are_refused_with_the_field_that_is_wrong() {
        Enrollee e = enrollee(null, Map.of("HSCT", d("2026-01-10")), "60", d("2026-02-01"));
        assertThat(refusal("NCT07105579", e, List.of(event("MRD_RESULT", "2026-03-01", Map.of("mrdPercent", "lots"))), List.of())
                .field()).isEqualTo("events[0].data.mrdPercent");
        assertThat(refusal("NCT07105579", e, List.of(event("MRD_RESULT", "2026-03-01", Map.of("mrdPercent", 120))), List.of())
                .field()).isEqualTo("events[0].data.mrdPercent");
        assertThat(refusal("NCT07105579", e, List.of(event("MRD_RESULT", "2026-03-01", Map.of("mrdPercent", 0.5))), List.of())
                .field()).as("an MRD result without its method is refused, not read as FLOW").isEqualTo("events[0].data.method");
        assertThat(refusal("NCT07105579", e, List.of(event("MRD_RESULT", "2026-03-01", Map.of("mrdPercent", 0.1, "method", "PET"))),
                List.of()).field()).isEqualTo("events[0].data.method");
        assertThat(refusal("NCT07105579", e, List.of(event("GVHD_ASSESSED", "2026-03-01", Map.of("kind", "ACUTE", "grade", 5, "active", true))),
                List.of()).field()).isEqualTo("events[0].data.grade");
        assertThat(refusal("NCT07105579", e, List.of(event("TRANSPLANT_DONE", "2026-03-01", Map.of("anchor", "AUTO_HSCT"))),
                List.of()).field()).isEqualTo("events[0].data.anchor");
        assertThat(refusal("NCT07105579", e, List.of(event("RELAPSE", "2026-07-01", Map.of())), List.of()).field())
                .as("after today").isEqualTo("events[0].date");
    }

    @Test
    void a_completion_in_the_future_is_refused() {
        Enrollee e = enrollee(null, Map.of("HSCT", d("2026-01-10")), "60", d("2026-02-01"));
        assertThat(refusal("NCT07105579", e, List.of(), List.of(done("dli", "2026-06-02"))).field())
                .isEqualTo("completions[0].completedOn");
    }

    @Test
    void a_weight_is_not_needed_where_no_dose_is_per_kg() {
        assertThat(refusal("NCT06438796", new Enrollee("S", "CONTROL", null, Map.of("HSCT", d("2026-01-10")),
                null, d("2026-02-01")))).isNull();
        assertThat(refusal("NCT06438796", new Enrollee("S", "CONTROL", null, Map.of("HSCT", d("2026-01-10")),
                new BigDecimal("0"), d("2026-02-01"))).field()).isEqualTo("weightKg");
    }
}
