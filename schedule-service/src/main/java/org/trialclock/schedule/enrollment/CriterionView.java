package org.trialclock.schedule.enrollment;

import org.trialclock.schedule.planning.CriterionStatus;

/** An eligibility criterion as REST shows it and the enrollment stores it. */
public record CriterionView(String id, String type, String text, String source, String status, String reason) {
    static CriterionView of(CriterionStatus c) {
        return new CriterionView(c.id(), c.type(), c.text(), c.source(), c.status().name(), c.reason());
    }
}
