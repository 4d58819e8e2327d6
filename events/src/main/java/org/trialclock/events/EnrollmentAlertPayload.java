package org.trialclock.events;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.LocalDate;

/** {@code trialclock.enrollment.alert}: MRD conversion, relapse, off-study: something the care team must hear once. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnrollmentAlertPayload(
        String id,
        String enrollmentId,
        String subjectId,
        String protocolId,
        String siteId,
        String careTeam,
        String kind,
        LocalDate date,
        String message) {
}
