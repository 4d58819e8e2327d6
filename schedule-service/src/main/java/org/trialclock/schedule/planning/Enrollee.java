package org.trialclock.schedule.planning;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/**
 * The enrolled patient as the planner sees it: arm, risk group, anchor dates, weight, enrollment date, and for
 * eligibility the age (completed years, or completed months for a child under 2; never a date of birth) and the
 * ids of criteria the coordinator attests.
 */
public record Enrollee(
        String subjectId,
        String arm,
        String riskGroup,
        Map<String, LocalDate> anchors,
        BigDecimal weightKg,
        LocalDate enrolledOn,
        Integer ageYears,
        Integer ageMonths,
        Set<String> attestations) {

    public Enrollee {
        anchors = anchors == null ? Map.of() : Map.copyOf(anchors);
        attestations = attestations == null ? Set.of() : Set.copyOf(attestations);
    }

    /** An enrollee whose age and attestations are not known: their criteria stay UNVERIFIED. */
    public Enrollee(String subjectId, String arm, String riskGroup, Map<String, LocalDate> anchors, BigDecimal weightKg,
                    LocalDate enrolledOn) {
        this(subjectId, arm, riskGroup, anchors, weightKg, enrolledOn, null, null, Set.of());
    }
}
