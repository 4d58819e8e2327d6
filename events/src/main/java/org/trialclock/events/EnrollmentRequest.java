package org.trialclock.events;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /enrollments}, {@code POST /plans/preview} and of {@code trialclock.enrollment.requested}.
 * Dates stay strings here so that an impossible date (2026-02-30) is refused with the field named, not lost
 * in a parser's message. For eligibility: {@code ageYears} (completed years; {@code ageMonths} instead for a child
 * under 2, never a date of birth) and {@code attestations}, the ids of criteria the coordinator confirms.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnrollmentRequest(
        String subjectId,
        String protocolId,
        String arm,
        String riskGroup,
        String siteId,
        String careTeam,
        String timezone,
        Map<String, String> anchors,
        BigDecimal weightKg,
        List<ClinicalEventRequest> events,
        Integer ageYears,
        Integer ageMonths,
        List<String> attestations) {

    /** A clinical event as a coordinator reports it: {@code {"type","date","data"}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClinicalEventRequest(String type, String date, Map<String, Object> data) {
    }

}
