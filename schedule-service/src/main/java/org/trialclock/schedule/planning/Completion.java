package org.trialclock.schedule.planning;

import java.time.LocalDate;
import java.util.Map;

/** A task recorded as done on its real date; later tasks count from that date. */
public record Completion(String taskKey, LocalDate completedOn, Map<String, Object> result) {

    public Completion {
        result = result == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(result));
    }
}
