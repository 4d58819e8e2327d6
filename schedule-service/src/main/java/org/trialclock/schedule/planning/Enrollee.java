package org.trialclock.schedule.planning;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/** The enrolled patient as the planner sees it: arm, risk group, anchor dates, weight, enrollment date. */
public record Enrollee(
        String subjectId,
        String arm,
        String riskGroup,
        Map<String, LocalDate> anchors,
        BigDecimal weightKg,
        LocalDate enrolledOn) {

    public Enrollee {
        anchors = anchors == null ? Map.of() : Map.copyOf(anchors);
    }
}
