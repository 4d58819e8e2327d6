package org.trialclock.schedule.planning;

import java.time.LocalDate;
import java.util.Map;

/** Something that happened to the patient and changes the schedule, with its date and what was found. */
public record ClinicalEvent(ClinicalEventType type, LocalDate date, Map<String, Object> data) {

    public ClinicalEvent {
        // Map.copyOf refuses null values, and a result may legitimately carry one.
        data = data == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
    }
}
