package org.trialclock.schedule.enrollment;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * A reported clinical event as REST shows it. The {@code id} is what a coordinator corrects or withdraws;
 * {@code state} says whether the planner still reads it.
 */
public record ClinicalEventView(String id, String type, LocalDate date, Map<String, Object> data, Instant recordedAt,
                                String recordedBy,
                                String state, String supersededBy, Instant retractedAt) {
    static final String CURRENT = "CURRENT";
    static final String CORRECTED = "CORRECTED";
    static final String WITHDRAWN = "WITHDRAWN";

    static ClinicalEventView of(ClinicalEventRecord e) {
        String state = e.supersededBy != null ? CORRECTED : e.retractedAt != null ? WITHDRAWN : CURRENT;
        return new ClinicalEventView(e.id.toString(), e.type.name(), e.eventDate, e.data, e.recordedAt, e.recordedBy, state,
                e.supersededBy == null ? null : e.supersededBy.toString(), e.retractedAt);
    }
}
