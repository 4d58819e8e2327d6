package org.trialclock.schedule.planning;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.trialclock.schedule.planning.ClinicalHistory.Marker;
import org.trialclock.schedule.planning.ClinicalHistory.MrdResult;
import org.trialclock.schedule.planning.Timeline.Slot;
import org.trialclock.schedule.protocol.MrdRule;
import org.trialclock.schedule.protocol.Protocol;

/**
 * Turns a protocol version, an enrollment, its clinical events and recorded completions into dated tasks. A pure
 * function: no clock, no storage; the same inputs give the same plan, and a corrected input re-plans as if it
 * had been right from the start.
 */
public final class Planner {

    /** What ends the schedule from {@code date} on; a screen failure ({@code everything}) cancels every open task. */
    private record Stop(String kind, LocalDate date, String reason, String message, boolean everything) {
        Stop(String kind, LocalDate date, String reason, String message) {
            this(kind, date, reason, message, false);
        }
    }

    public Plan plan(Protocol protocol, Enrollee enrollee, List<ClinicalEvent> events, List<Completion> completions,
                     LocalDate today) {
        Objects.requireNonNull(protocol, "protocol");
        if (enrollee == null) {
            throw new EnrollmentRefused("enrollment", "the enrollment is missing");
        }
        String arm = EnrollmentCheck.arm(protocol, enrollee);
        List<ClinicalEvent> all = new ArrayList<>(events == null ? List.of() : events);
        all.addAll(CompletionResults.events(protocol, completions));
        ClinicalHistory history = ClinicalHistory.read(all, protocol, today);
        EnrollmentCheck.anchors(protocol, enrollee, history);
        EnrollmentCheck.weight(protocol, arm, enrollee);
        Map<String, LocalDate> done = EnrollmentCheck.completions(completions, today);

        Timeline timeline = new Timeline(protocol, arm, enrollee, history, done);
        List<CriterionStatus> eligibility = Eligibility.judge(protocol, enrollee, history, timeline::positive);
        List<Stop> stops = stops(protocol, history, eligibility, enrollee);
        Stop firstStop = stops.stream().min(Comparator.comparing((Stop s) -> !s.everything())
                .thenComparing(Stop::date).thenComparing(Stop::kind)).orElse(null);

        // A completed task keeps the dates it had when it was done: later events and completions never move it.
        Map<LocalDate, Map<String, Slot>> asDone = new HashMap<>();
        List<PlannedTask> tasks = new ArrayList<>();
        List<Slot> slots = timeline.slots();
        // PRE_ENROLLMENT never splits a cycle: its start's window decides for the step-up and the end too.
        Map<String, LocalDate> startWindowEnds = new HashMap<>();
        slots.stream().filter(s -> s.key().equals(s.startKey())).forEach(s -> startWindowEnds.put(s.key(), s.windowEnd()));
        for (Slot slot : slots) {
            LocalDate windowEnd = slot.startKey() == null ? slot.windowEnd()
                    : startWindowEnds.getOrDefault(slot.startKey(), slot.windowEnd());
            LocalDate completedOn = done.get(slot.key());
            if (completedOn != null) {
                Slot then = asDone.computeIfAbsent(completedOn, day -> slotsAsOf(protocol, arm, enrollee, history, done, day))
                        .getOrDefault(slot.key(), slot);
                tasks.add(task(then, TaskStatus.COMPLETED, null, completedOn));
            } else if (windowEnd.isBefore(enrollee.enrolledOn())) {
                tasks.add(task(slot, TaskStatus.PRE_ENROLLMENT,
                        "window closed before enrollment on " + enrollee.enrolledOn(), null));
            } else if (firstStop != null && (firstStop.everything() || slot.due().isAfter(firstStop.date()))) {
                tasks.add(task(slot, TaskStatus.CANCELLED, firstStop.reason(), null));
            } else if (slot.stoppedOn() != null && slot.due().isAfter(slot.stoppedOn())) {
                tasks.add(task(slot, TaskStatus.CANCELLED, slot.stopReason(), null));
            } else if (slot.gate() != null && slot.gate().status() != TaskStatus.PLANNED) {
                tasks.add(task(slot, slot.gate().status(), slot.gate().reason(), null));
            } else if (slot.waitsFor() != null) {
                tasks.add(task(slot, TaskStatus.ON_HOLD, slot.waitsFor(), null));
            } else {
                tasks.add(task(slot, TaskStatus.PLANNED, null, null));
            }
        }
        // A task done under an earlier plan that the current inputs no longer produce (a repeat cut short by a
        // later re-anchoring, say) is still done: it keeps its place as it was planned then.
        Set<String> planned = tasks.stream().map(PlannedTask::key).collect(Collectors.toSet());
        done.entrySet().stream().filter(e -> !planned.contains(e.getKey())).sorted(Map.Entry.comparingByKey())
                .forEach(e -> {
                    Slot then = asDone.computeIfAbsent(e.getValue(),
                            day -> slotsAsOf(protocol, arm, enrollee, history, done, day)).get(e.getKey());
                    if (then != null) {
                        tasks.add(task(then, TaskStatus.COMPLETED, null, e.getValue()));
                    }
                });
        tasks.sort(Comparator.comparing(PlannedTask::dueDate).thenComparing(PlannedTask::key));
        return new Plan(tasks, alerts(protocol, enrollee, history, timeline, stops), eligibility);
    }

    private static Map<String, Slot> slotsAsOf(Protocol protocol, String arm, Enrollee enrollee,
                                               ClinicalHistory history, Map<String, LocalDate> done, LocalDate day) {
        Map<String, LocalDate> doneThen = done.entrySet().stream().filter(e -> !e.getValue().isAfter(day))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        Map<String, Slot> slots = new LinkedHashMap<>();
        new Timeline(protocol, arm, enrollee, history.asOf(day), doneThen).slots().forEach(s -> slots.put(s.key(), s));
        return slots;
    }

    private static PlannedTask task(Slot s, TaskStatus status, String reason, LocalDate completedOn) {
        Gate gate = s.gate() == null ? null : s.gate().gate();
        return new PlannedTask(s.key(), s.activity().id(), s.kind(), s.title(), s.cycle(), s.due(), s.windowStart(),
                s.windowEnd(), status, reason, s.dose(), gate, s.reminderDays(), completedOn);
    }

    /**
     * Relapse, death, withdrawal and protocol exclusions (NCT06607419: day-46 MRD >= 1%) end the schedule; a
     * criterion the data shows unmet (a day-19 result below its threshold arriving after enrollment) makes the
     * patient a screen failure: kept, with every open task cancelled.
     */
    private static List<Stop> stops(Protocol protocol, ClinicalHistory history, List<CriterionStatus> eligibility,
                                    Enrollee enrollee) {
        List<Stop> stops = new ArrayList<>();
        List<CriterionStatus> notMet = eligibility.stream().filter(c -> c.status() == EligibilityStatus.NOT_MET).toList();
        if (!notMet.isEmpty()) {
            String why = notMet.stream().map(c -> c.text() + " (" + c.reason() + ")").collect(Collectors.joining("; "));
            LocalDate date = notMet.stream().map(c -> c.date() == null ? enrollee.enrolledOn() : c.date())
                    .max(Comparator.naturalOrder()).orElseThrow();
            stops.add(new Stop("SCREEN_FAILURE", date, "screen failure: " + why,
                    "Screen failure: not eligible: " + why + ". Blinatumomab and every open task are cancelled.", true));
        }
        for (Marker m : history.markers) {
            switch (m.type()) {
                case RELAPSE -> stops.add(new Stop("RELAPSE", m.date(), "relapse recorded on " + m.date(),
                        "Relapse recorded on " + m.date() + ": open tasks after that date are cancelled."));
                case DEATH -> stops.add(new Stop("DEATH", m.date(), "death recorded on " + m.date(),
                        "Death recorded on " + m.date() + ": open tasks after that date are cancelled."));
                case WITHDRAWN -> stops.add(new Stop("WITHDRAWN", m.date(), "withdrawn from the study on "
                        + m.date(), "Withdrawn from the study on " + m.date() + ": open tasks after that date are cancelled."));
                default -> { }
            }
        }
        for (MrdRule rule : protocol.offStudy()) {
            for (MrdResult r : history.mrd) {
                if (rule.timepoint().equals(r.timepoint()) && r.percent().compareTo(rule.atLeast()) >= 0) {
                    String reading = rule.timepoint() + " MRD " + r.percent().stripTrailingZeros().toPlainString()
                            + "% on " + r.date();
                    stops.add(new Stop("OFF_STUDY", r.date(), "off study: " + reading + " is an exclusion",
                            reading + " is at or above " + rule.atLeast().stripTrailingZeros().toPlainString()
                                    + "% (exclusion: \"" + rule.quote() + "\"): off study, open tasks after that date are cancelled."));
                }
            }
        }
        return stops;
    }

    private static List<EnrollmentAlert> alerts(Protocol protocol, Enrollee enrollee, ClinicalHistory history,
                                                Timeline timeline, List<Stop> stops) {
        Map<String, EnrollmentAlert> alerts = new LinkedHashMap<>();
        for (Stop stop : stops) {
            // A screen failure is told once, whatever dates its findings carry.
            String key = stop.everything() ? stop.kind() : stop.kind() + ":" + stop.date();
            alerts.putIfAbsent(key, new EnrollmentAlert(key, stop.kind(), stop.date(), stop.message()));
        }
        // Results at eligibility or exclusion timepoints are read by those rules, not as a conversion.
        Set<String> ruled = new java.util.HashSet<>();
        protocol.eligibility().stream().filter(c -> c.judged() && c.judge().mrdAtTimepoint() != null)
                .forEach(c -> ruled.add(c.judge().mrdAtTimepoint().timepoint()));
        protocol.offStudy().forEach(r -> ruled.add(r.timepoint()));
        for (MrdResult r : history.mrd) {
            if (r.date().isBefore(enrollee.enrolledOn()) || ruled.contains(r.timepoint()) || !timeline.positive(r)) {
                continue;
            }
            String key = "MRD_CONVERSION:" + r.date();
            String threshold = protocol.mrdThreshold(r.method()).orElseThrow().atOrAbove().stripTrailingZeros().toPlainString();
            alerts.putIfAbsent(key, new EnrollmentAlert(key, "MRD_CONVERSION", r.date(), "MRD "
                    + r.percent().stripTrailingZeros().toPlainString() + "% (" + r.method() + ") on " + r.date()
                    + " is at or above the " + threshold + "% positivity threshold: MRD conversion,"
                    + " the signal for pre-emptive therapy."));
        }
        return alerts.values().stream()
                .sorted(Comparator.comparing(EnrollmentAlert::date).thenComparing(EnrollmentAlert::key)).toList();
    }
}
