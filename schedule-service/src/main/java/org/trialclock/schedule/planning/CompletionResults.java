package org.trialclock.schedule.planning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.trialclock.schedule.protocol.Activity;
import org.trialclock.schedule.protocol.Protocol;

/**
 * A result recorded with a task's completion (MRD % and method, GVHD kind/grade/activity, blood counts) is a
 * clinical event like one posted to {@code /enrollments/{id}/events}, dated the day the task was done and, for a
 * marrow with a protocol timepoint, read at that timepoint: the day-19 marrow's result is the D19 result. Gates,
 * eligibility, off-study rules and MRD-conversion alerts read it the same way.
 */
final class CompletionResults {

    private CompletionResults() {}

    static List<ClinicalEvent> events(Protocol protocol, List<Completion> completions) {
        List<ClinicalEvent> events = new ArrayList<>();
        for (Completion c : completions == null ? List.<Completion>of() : completions) {
            if (c == null || c.completedOn() == null || c.result().isEmpty()) {
                continue;
            }
            Map<String, Object> r = c.result();
            Optional<Activity> activity = activityOf(protocol, c.taskKey());
            if (r.containsKey("mrdPercent")) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("mrdPercent", r.get("mrdPercent"));
                data.put("method", r.get("method"));
                activity.map(Activity::timepoint).ifPresent(t -> data.put("timepoint", t));
                events.add(new ClinicalEvent(ClinicalEventType.MRD_RESULT, c.completedOn(), data));
            }
            if (r.containsKey("wbc") || r.containsKey("plt")) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("wbc", r.get("wbc"));
                data.put("plt", r.get("plt"));
                events.add(new ClinicalEvent(ClinicalEventType.LAB_RESULT, c.completedOn(), data));
            }
            Object kind = r.containsKey("gvhdKind") ? r.get("gvhdKind") : r.get("kind");
            if (kind != null && (r.containsKey("grade") || r.containsKey("active"))) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("kind", kind);
                data.put("grade", r.get("grade"));
                data.put("active", r.get("active"));
                events.add(new ClinicalEvent(ClinicalEventType.GVHD_ASSESSED, c.completedOn(), data));
            }
        }
        return events;
    }

    /** Task keys are the activity id, or the id followed by an occurrence and a part ("blinatumomab-cycle.2.start"). */
    private static Optional<Activity> activityOf(Protocol protocol, String taskKey) {
        return protocol.activities().stream()
                .filter(a -> taskKey.equals(a.id()) || taskKey.startsWith(a.id() + "."))
                .findFirst();
    }
}
