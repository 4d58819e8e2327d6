package org.trialclock.schedule.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.trialclock.schedule.protocol.Protocol;
import org.trialclock.schedule.protocol.ProtocolCatalog;

/** The shipped protocol files, loaded once, and short ways to write enrollments and events in tests. */
final class Trials {

    static final ProtocolCatalog CATALOG = ProtocolCatalog.fromClasspath();
    static final Planner PLANNER = new Planner();
    static final LocalDate FAR_FUTURE = LocalDate.of(2040, 1, 1);

    private Trials() {}

    static Protocol protocol(String id) {
        return CATALOG.latest(id).orElseThrow();
    }

    static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    static Enrollee enrollee(String arm, Map<String, LocalDate> anchors, String weightKg, LocalDate enrolledOn) {
        return new Enrollee("S-1", arm, null, anchors, weightKg == null ? null : new BigDecimal(weightKg), enrolledOn);
    }

    static Plan plan(String protocolId, Enrollee enrollee, List<ClinicalEvent> events, List<Completion> completions) {
        return PLANNER.plan(protocol(protocolId), enrollee, events, completions, FAR_FUTURE);
    }

    static Plan plan(String protocolId, Enrollee enrollee) {
        return plan(protocolId, enrollee, List.of(), List.of());
    }

    static PlannedTask task(Plan plan, String key) {
        return plan.task(key).orElseThrow(() -> new AssertionError("no task " + key + " in " + keys(plan)));
    }

    static List<String> keys(Plan plan) {
        return plan.tasks().stream().map(PlannedTask::key).toList();
    }

    static void assertDue(Plan plan, String key, String due) {
        assertThat(task(plan, key).dueDate()).as(key).isEqualTo(d(due));
    }

    static ClinicalEvent event(String type, String date, Map<String, Object> data) {
        return event(ClinicalEventType.valueOf(type), date, data);
    }

    static ClinicalEvent event(ClinicalEventType type, String date, Map<String, Object> data) {
        return new ClinicalEvent(type, d(date), data);
    }

    static ClinicalEvent gvhd(String date, String kind, int grade, boolean active) {
        return event(ClinicalEventType.GVHD_ASSESSED, date, Map.of("kind", kind, "grade", grade, "active", active));
    }

    static ClinicalEvent mrd(String date, double percent, String method, String timepoint) {
        return event(ClinicalEventType.MRD_RESULT, date, timepoint == null
                ? Map.of("mrdPercent", percent, "method", method)
                : Map.of("mrdPercent", percent, "method", method, "timepoint", timepoint));
    }

    static ClinicalEvent lab(String date, double wbc, double plt) {
        return event(ClinicalEventType.LAB_RESULT, date, Map.of("wbc", wbc, "plt", plt));
    }

    static ClinicalEvent transplant(String anchor, String date) {
        return event(ClinicalEventType.TRANSPLANT_DONE, date, Map.of("anchor", anchor));
    }

    static Completion done(String key, String date) {
        return new Completion(key, d(date), Map.of());
    }
}
