package org.trialclock.schedule.planning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.trialclock.schedule.protocol.Activity;
import org.trialclock.schedule.protocol.Anchor;
import org.trialclock.schedule.protocol.Protocol;

/**
 * A result recorded with a task's completion (MRD % and method, GVHD kind/grade/activity, blood counts) is a
 * clinical event like one posted to {@code /enrollments/{id}/events}, dated the day the task was done and, for a
 * marrow with a protocol timepoint, read at that timepoint: the day-19 marrow's result is the D19 result. Gates,
 * eligibility, off-study rules and MRD-conversion alerts read it the same way.
 *
 * <p>Completing the task that is a transplant's own day 0 (NCT06507514's auto-HSCT task) records that transplant,
 * as a posted {@code TRANSPLANT_DONE} would: what is counted after it stops waiting and follows the real date.
 */
final class CompletionResults {

    private CompletionResults() {}

    static List<ClinicalEvent> events(Protocol protocol, List<Completion> completions) {
        List<ClinicalEvent> events = new ArrayList<>();
        for (Completion c : completions == null ? List.<Completion>of() : completions) {
            if (c == null || c.completedOn() == null) {
                continue;
            }
            Optional<Activity> activity = activityOf(protocol, c.taskKey());
            activity.flatMap(a -> transplantOf(protocol, a)).ifPresent(anchor -> events.add(new ClinicalEvent(
                    ClinicalEventType.TRANSPLANT_DONE, c.completedOn(), Map.of("anchor", anchor))));
            Map<String, Object> r = c.result();
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

    /** The anchor a task records by being done: it sits on day 0 of an anchor recorded by TRANSPLANT_DONE. */
    private static Optional<String> transplantOf(Protocol protocol, Activity activity) {
        if (activity.isCycle() || !activity.offset().fromAnchor() || activity.offset().day() == null) {
            return Optional.empty();
        }
        return protocol.anchor(activity.offset().anchor())
                .filter(a -> ClinicalEventType.TRANSPLANT_DONE.name().equals(a.recordedBy()))
                .filter(a -> a.day() == activity.offset().day())
                .map(Anchor::name);
    }

    /** Task keys are the activity id, or the id followed by an occurrence and a part ("blinatumomab-cycle.2.start"). */
    private static Optional<Activity> activityOf(Protocol protocol, String taskKey) {
        return protocol.activities().stream()
                .filter(a -> taskKey.equals(a.id()) || taskKey.startsWith(a.id() + "."))
                .findFirst();
    }
}
