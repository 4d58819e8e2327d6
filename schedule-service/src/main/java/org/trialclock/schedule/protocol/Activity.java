package org.trialclock.schedule.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * Something the care team does on a date: a drug cycle (kind {@code CYCLE}, which becomes start, dose-change
 * and end tasks) or a single-day task whose kind is a task kind (DLI, MRD_MARROW, FOLLOW_UP...).
 * {@code lengthSource} says whether a cycle's length is the text's or a default; {@code timepoint} names the
 * protocol timepoint a marrow's result belongs to ("D19"), so a result recorded with its completion is read there.
 * {@code stopWhen} on a single task cancels it when the condition is met by its due day (a review that is only
 * needed if reconstitution has not come by then).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Activity(
        String id,
        String kind,
        String title,
        List<String> arms,
        Offset offset,
        Integer lengthDays,
        String lengthSource,
        String lengthQuote,
        String timepoint,
        Repeat repeat,
        Window window,
        Integer reminderDays,
        DoseSpec dose,
        List<CycleDoses> doses,
        GateRule gate,
        Repeat.StopWhen stopWhen,
        String source,
        String quote) {

    public static final String CYCLE = "CYCLE";

    public Activity {
        arms = arms == null ? List.of() : List.copyOf(arms);
        doses = doses == null ? List.of() : List.copyOf(doses);
    }

    public boolean isCycle() {
        return CYCLE.equals(kind);
    }

    /** An activity without arms applies to every arm. */
    public boolean appliesTo(String arm) {
        return arms.isEmpty() || arms.contains(arm);
    }

    public Optional<CycleDoses> dosesOfCycle(int cycle) {
        return doses.stream().filter(d -> d.cycles().contains(cycle)).findFirst();
    }

    public boolean weightBased() {
        return (dose != null && DoseSpec.PER_KG.equals(dose.per()))
                || doses.stream().flatMap(d -> d.steps().stream()).anyMatch(s -> DoseSpec.PER_KG.equals(s.per()));
    }
}
