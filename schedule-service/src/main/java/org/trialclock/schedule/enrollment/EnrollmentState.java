package org.trialclock.schedule.enrollment;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** An enrollment's state as the audit trail keeps it: the inputs the schedule is planned from, and the status. */
record EnrollmentState(String subjectId, String protocolId, String protocolVersion, String arm, String riskGroup,
                       String siteId, String careTeam, String timezone, Map<String, LocalDate> anchors, BigDecimal weightKg,
                       Integer ageYears, Integer ageMonths,
                       List<String> attestations, EnrollmentStatus status, String statusReason, LocalDate enrolledOn) {
    static EnrollmentState of(Enrollment e) {
        return new EnrollmentState(e.subjectId, e.protocolId, e.protocolVersion, e.arm, e.riskGroup, e.siteId,
                e.careTeam, e.timezone, e.anchors, e.weightKg, e.ageYears, e.ageMonths, e.attestations, e.status, e.statusReason, e.enrolledOn);
    }
}
