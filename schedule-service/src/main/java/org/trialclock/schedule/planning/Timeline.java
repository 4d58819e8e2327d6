package org.trialclock.schedule.planning;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.trialclock.schedule.planning.ClinicalHistory.GvhdAssessment;
import org.trialclock.schedule.planning.ClinicalHistory.LabResult;
import org.trialclock.schedule.planning.ClinicalHistory.MrdResult;
import org.trialclock.schedule.planning.Occurrence.GateCheck;
import org.trialclock.schedule.protocol.Activity;
import org.trialclock.schedule.protocol.Anchor;
import org.trialclock.schedule.protocol.CycleDoses;
import org.trialclock.schedule.protocol.DoseStep;
import org.trialclock.schedule.protocol.GateRule;
import org.trialclock.schedule.protocol.Offset;
import org.trialclock.schedule.protocol.Protocol;
import org.trialclock.schedule.protocol.Repeat;
import org.trialclock.schedule.protocol.TaskDefault;
import org.trialclock.schedule.protocol.Window;

/**
 * The dates of one enrollment, worked out from anchors, recorded dates and events. Dates are resolved on
 * demand and remembered, so an activity counted from another is dated after it; the protocol check has already
 * ruled out dates that depend on themselves.
 */
final class Timeline {

    /**
     * Guards against a repeat that never reaches its end date. Above any real series (weekly blood counts until
     * reconstitution, at most to month 24, are about 103), so no protocol's repeat is ever cut short by it.
     */
    private static final int MAX_OCCURRENCES = 400;

    /** A task before its status is decided. */
    record Slot(String key, Activity activity, TaskKind kind, String title, Integer cycle, LocalDate due,
                LocalDate windowStart, LocalDate windowEnd, Dose dose, GateCheck gate, int reminderDays,
                LocalDate stoppedOn, String stopReason, String startKey, String waitsFor) {}

    /** A date counted from something, and what it waits for when that something is not recorded yet. */
    private record Base(int n, Integer cycle, LocalDate date, String waits) {}

    /**
     * What an anchor's date waits for: {@code own} for tasks on or before its day (its date is itself counted from
     * an unrecorded event, e.g. auto-HSCT planned from a collection not yet done), {@code after} for tasks counted
     * after it (an event such as a transplant that has not been recorded yet).
     */
    private record AnchorWait(String own, String after) {}

    private final Protocol protocol;
    private final String arm;
    private final BigDecimal weightKg;
    private final Map<String, LocalDate> givenAnchors;
    private final ClinicalHistory history;
    private final Map<String, LocalDate> done;
    private final LocalDate enrolledOn;
    private final Map<String, Optional<LocalDate>> anchorDates = new HashMap<>();
    private final Map<String, AnchorWait> anchorWaits = new HashMap<>();
    private final Map<String, List<Occurrence>> occurrences = new HashMap<>();

    Timeline(Protocol protocol, String arm, Enrollee enrollee, ClinicalHistory history, Map<String, LocalDate> done) {
        this.protocol = protocol;
        this.arm = arm;
        this.weightKg = enrollee.weightKg();
        this.givenAnchors = enrollee.anchors();
        this.enrolledOn = enrollee.enrolledOn();
        this.history = history;
        this.done = done;
    }

    List<Slot> slots() {
        List<Slot> slots = new ArrayList<>();
        for (Activity activity : protocol.activities()) {
            for (Occurrence o : occurrences(activity)) {
                slots.addAll(slotsOf(o));
            }
        }
        return slots;
    }

    /** An anchor's date: recorded by an event, given at enrollment, set by a blood count, or planned. */
    Optional<LocalDate> anchorDate(String name) {
        Optional<LocalDate> known = anchorDates.get(name);
        if (known != null) {
            return known;
        }
        Anchor anchor = protocol.anchor(name).orElseThrow();
        Optional<LocalDate> date = Optional.empty();
        AnchorWait waits = new AnchorWait(null, null);
        if (anchor.recordedBy() != null) {
            date = history.transplant(name);
        }
        if (date.isEmpty() && givenAnchors.containsKey(name)) {
            date = Optional.of(givenAnchors.get(name));
            // A transplant date given for after the enrollment day is a plan, not yet a fact.
            if (anchor.recordedBy() != null && date.get().isAfter(enrolledOn)) {
                waits = new AnchorWait(null, notRecorded(anchor, date.get(), null));
            }
        }
        if (date.isEmpty() && anchor.bloodCount() != null) {
            // Only blood counts after a transplant that really happened (recorded) count as its reconstitution.
            Optional<LocalDate> after = anchorDate(anchor.bloodCount().after());
            if (after.isPresent() && anchorWaits.get(anchor.bloodCount().after()).after() == null) {
                date = history.labs.stream()
                        .filter(l -> l.date().isAfter(after.get()) && anchor.bloodCount().metBy(l.wbc(), l.plt()))
                        .map(LabResult::date).findFirst();
            }
        }
        if (date.isEmpty() && anchor.plannedAt() != null) {
            Optional<Base> base = resolve(anchor.plannedAt()).stream().findFirst();
            date = base.map(Base::date);
            if (base.isPresent()) {
                String own = base.get().waits();
                waits = new AnchorWait(own, anchor.recordedBy() != null ? notRecorded(anchor, date.get(), own) : own);
            }
        }
        anchorDates.put(name, date);
        anchorWaits.put(name, waits);
        return date;
    }

    private static String notRecorded(Anchor anchor, LocalDate planned, String plannedFrom) {
        return "waits for the " + shortTitle(anchor.title()) + " (" + anchor.name() + ", planned on " + planned
                + ") to be recorded" + (plannedFrom == null ? "" : ", which " + plannedFrom);
    }

    /** A title without its explanation: "Autologous stem-cell transplant (day 0); planned..." -> the first words. */
    private static String shortTitle(String title) {
        int cut = title.length();
        for (String mark : List.of(" (", ";", ",")) {
            int at = title.indexOf(mark);
            if (at > 0 && at < cut) {
                cut = at;
            }
        }
        String shortened = title.substring(0, cut);
        return Character.toLowerCase(shortened.charAt(0)) + shortened.substring(1);
    }

    List<Occurrence> occurrences(Activity activity) {
        List<Occurrence> known = occurrences.get(activity.id());
        if (known != null) {
            return known;
        }
        List<Occurrence> result = new ArrayList<>();
        if (activity.appliesTo(arm)) {
            List<Base> bases = resolve(activity.offset());
            Repeat repeat = activity.repeat();
            if (repeat == null || bases.isEmpty()) {
                for (Base base : bases) {
                    result.add(occurrence(activity, base.n(), base.cycle(), base.date(), base.waits()));
                }
            } else {
                Base first = bases.get(0);
                LocalDate until = repeat.until() == null ? null : firstDate(repeat.until()).orElse(null);
                int times = repeat.times() != null ? repeat.times() : until == null ? 1 : MAX_OCCURRENCES;
                LocalDate due = first.date();
                for (int n = 1; n <= Math.min(times, MAX_OCCURRENCES); n++) {
                    if (until != null && due.isAfter(until)) {
                        break;
                    }
                    // A series counted from an unrecorded event waits for it as a whole; a missed occurrence does
                    // not hold the next one (it is planned from the missed one's planned day 1).
                    Occurrence o = occurrence(activity, n, first.cycle(), due, first.waits());
                    result.add(o);
                    // "Every 3 months" counts from this occurrence's day 1: the real one once recorded.
                    due = repeat.next(o.start());
                }
            }
        }
        occurrences.put(activity.id(), result);
        return result;
    }

    private Occurrence occurrence(Activity activity, int n, Integer cycle, LocalDate planned, String waits) {
        GateCheck gate = null;
        LocalDate due = planned;
        if (activity.gate() != null) {
            GateRule rule = activity.gate();
            if (GateRule.GVHD_FREE.equals(rule.rule())) {
                LocalDate release = gvhdRelease();
                // A hold lifted after the planned day moves the task to the day it was lifted.
                if (release != null && release.isAfter(planned)) {
                    due = release;
                }
                gate = gvhdGate(rule, activity);
            } else {
                LocalDate release = mrdRelease(rule);
                if (release != null && release.isAfter(planned)) {
                    due = release;
                }
                gate = mrdGate(rule);
            }
        }
        String startKey = activity.isCycle() ? cycleKey(activity, n) + ".start" : key(activity, n);
        // Tasks counted after this one follow its real date once recorded, else its due date: a hold released
        // after the planned day moves this occurrence and what is counted from it (the next cycle, its end).
        LocalDate start = done.getOrDefault(startKey, due);
        LocalDate end = start;
        if (activity.isCycle()) {
            end = done.getOrDefault(cycleKey(activity, n) + ".end", start.plusDays(activity.lengthDays() - 1L));
        }
        return new Occurrence(activity, n, activity.isCycle() ? Integer.valueOf(n) : cycle, planned, due, start, end, gate,
                waits);
    }

    /**
     * The dates an offset gives, each with what it waits for: a date counted forward from an event that is not
     * recorded yet (a planned transplant, a cycle end or a collection not yet done) waits for that event; one
     * counted back from it ("7 days before") is planned and does not.
     */
    private List<Base> resolve(Offset offset) {
        List<Base> bases = new ArrayList<>();
        if (offset.fromAnchor()) {
            Optional<LocalDate> anchorDate = anchorDate(offset.anchor());
            if (anchorDate.isEmpty()) {
                return bases; // not known yet: tasks counted from it wait for it
            }
            AnchorWait waits = anchorWaits.get(offset.anchor());
            if (offset.day() != null) {
                int anchorDay = protocol.anchor(offset.anchor()).orElseThrow().day();
                long days = offset.day() - (long) anchorDay;
                bases.add(new Base(1, null, anchorDate.get().plusDays(days), days > 0 ? waits.after() : waits.own()));
            }
            for (int i = 0; i < offset.months().size(); i++) {
                int months = offset.months().get(i);
                bases.add(new Base(i + 1, null, anchorDate.get().plusMonths(months), months > 0 ? waits.after() : waits.own()));
            }
            return bases;
        }
        Activity target = protocol.activity(offset.activity()).orElseThrow();
        for (Occurrence o : occurrences(target)) {
            Integer cycle = target.isCycle() && protocol.repeats(target) ? Integer.valueOf(o.n()) : o.cycle();
            if (offset.cycle() != null && offset.cycle() != o.n()) {
                continue;
            }
            LocalDate point;
            String waits = o.waits();
            if (offset.daysOrZero() < 0) {
                // "7 days before" is counted from the planned day: a task that comes first is not moved
                // after the fact by the date the later one really happened.
                point = offset.fromEnd() ? o.planned().plusDays(target.isCycle() ? target.lengthDays() - 1L : 0) : o.planned();
            } else {
                point = offset.fromEnd() ? o.end() : o.start();
                if (offset.daysOrZero() > 0 || (offset.fromEnd() && target.isCycle())) {
                    waits = pointWaits(target, o, offset.fromEnd());
                }
            }
            bases.add(new Base(o.n(), cycle, point.plusDays(offset.daysOrZero()), waits));
        }
        return bases;
    }

    /** Null when the start (or end) of this occurrence is recorded; else what a date counted after it waits for. */
    private String pointWaits(Activity target, Occurrence o, boolean fromEnd) {
        String key = target.isCycle() ? cycleKey(target, o.n()) + (fromEnd ? ".end" : ".start") : key(target, o.n());
        if (done.containsKey(key)) {
            return null;
        }
        String what = target.isCycle()
                ? (fromEnd ? "end of " : "start of ") + shortTitle(target.title()) + ", cycle " + o.n()
                : shortTitle(target.title());
        StringBuilder reason = new StringBuilder("waits for the recorded " + what + " (planned on "
                + (fromEnd ? o.end() : o.due()) + ")");
        if (o.gate() != null && o.gate().status() != TaskStatus.PLANNED) {
            reason.append(", which is ").append(o.gate().status() == TaskStatus.ON_HOLD ? "on hold: " : "cancelled: ")
                    .append(o.gate().reason());
        } else if (o.waits() != null) {
            reason.append(", which ").append(o.waits());
        }
        return reason.toString();
    }

    private Optional<LocalDate> firstDate(Offset offset) {
        return resolve(offset).stream().findFirst().map(Base::date);
    }

    // --- gates ---------------------------------------------------------------------------------------------

    private GateCheck gvhdGate(GateRule rule, Activity activity) {
        Optional<GvhdAssessment> severe = history.gvhd.stream()
                .filter(g -> "ACUTE".equals(g.kind()) && g.grade() != null && g.grade() >= rule.cancelAtAcuteGrade())
                .findFirst();
        if (severe.isPresent()) {
            String reason = "grade " + roman(severe.get().grade()) + " acute GVHD recorded on " + severe.get().date()
                    + ": " + activity.title() + " requires no history of grade " + roman(rule.cancelAtAcuteGrade())
                    + "-IV acute GVHD";
            return new GateCheck(new Gate(rule.rule(), Gate.FAILED, reason, rule.source()), TaskStatus.CANCELLED, reason);
        }
        List<GvhdAssessment> active = latestPerKind().stream().filter(GvhdAssessment::active).toList();
        if (!active.isEmpty()) {
            GvhdAssessment a = active.get(0);
            String reason = "active " + a.kind().toLowerCase() + " GVHD recorded on " + a.date()
                    + ": on hold until a GVHD assessment records none";
            return new GateCheck(new Gate(rule.rule(), Gate.HELD, reason, rule.source()), TaskStatus.ON_HOLD, reason);
        }
        if (history.gvhd.isEmpty()) {
            return new GateCheck(new Gate(rule.rule(), Gate.PENDING,
                    "no GVHD assessment recorded yet", rule.source()), TaskStatus.PLANNED, null);
        }
        GvhdAssessment last = history.gvhd.get(history.gvhd.size() - 1);
        return new GateCheck(new Gate(rule.rule(), Gate.OPEN,
                "no active GVHD at the last assessment on " + last.date(), rule.source()), TaskStatus.PLANNED, null);
    }

    private List<GvhdAssessment> latestPerKind() {
        Map<String, GvhdAssessment> latest = new HashMap<>();
        history.gvhd.forEach(g -> latest.put(g.kind(), g));
        return latest.values().stream().sorted(Comparator.comparing(GvhdAssessment::kind)).toList();
    }

    /**
     * The last day active GVHD was seen to clear, or null when it never was active. A hold that came back later
     * does not undo that day: the task stays where the lifted hold put it (and is on hold again), so what is
     * counted from it does not jump back to the first plan and forth again as results arrive.
     */
    private LocalDate gvhdRelease() {
        LocalDate release = null;
        for (String kind : List.of("ACUTE", "CHRONIC")) {
            boolean held = false;
            for (GvhdAssessment g : history.gvhd) {
                if (!g.kind().equals(kind)) {
                    continue;
                }
                if (g.active()) {
                    held = true;
                } else if (held) {
                    held = false;
                    release = release == null || g.date().isAfter(release) ? g.date() : release;
                }
            }
        }
        return release;
    }

    /**
     * The last day a positive MRD result was followed by a negative one (the hold lifted), or null when no hold
     * was ever lifted. A later positive result holds the task again where it is; it does not move it back (see
     * {@link #gvhdRelease()}).
     */
    private LocalDate mrdRelease(GateRule rule) {
        Optional<LocalDate> from = firstDate(rule.resultsFrom());
        if (from.isEmpty()) {
            return null;
        }
        // Read day by day: on one day a positive result outweighs a negative one, as in the gate.
        Map<LocalDate, Boolean> positiveOn = new java.util.TreeMap<>();
        history.mrd.stream().filter(r -> !r.date().isBefore(from.get()))
                .forEach(r -> positiveOn.merge(r.date(), positive(r), Boolean::logicalOr));
        LocalDate release = null;
        boolean held = false;
        for (Map.Entry<LocalDate, Boolean> day : positiveOn.entrySet()) {
            if (day.getValue()) {
                held = true;
            } else if (held) {
                held = false;
                release = day.getKey();
            }
        }
        return release;
    }

    private GateCheck mrdGate(GateRule rule) {
        Optional<LocalDate> from = firstDate(rule.resultsFrom());
        Optional<MrdResult> latest = from.flatMap(f -> history.mrd.stream()
                .filter(r -> !r.date().isBefore(f))
                // on one day a positive result outweighs a negative one
                .max(Comparator.comparing(MrdResult::date).thenComparing(this::positive)));
        if (latest.isEmpty()) {
            return new GateCheck(new Gate(rule.rule(), Gate.PENDING, "no MRD result after the course yet",
                    rule.source()), TaskStatus.PLANNED, null);
        }
        MrdResult r = latest.get();
        String reading = "MRD " + r.percent().stripTrailingZeros().toPlainString() + "% (" + r.method() + ") on " + r.date();
        if (positive(r)) {
            String reason = reading + " is positive: on hold until an MRD-negative result";
            return new GateCheck(new Gate(rule.rule(), Gate.HELD, reason, rule.source()), TaskStatus.ON_HOLD, reason);
        }
        return new GateCheck(new Gate(rule.rule(), Gate.OPEN, reading + " is negative", rule.source()),
                TaskStatus.PLANNED, null);
    }

    boolean positive(MrdResult r) {
        return r.percent().compareTo(protocol.mrdThreshold(r.method()).orElseThrow().atOrAbove()) >= 0;
    }

    private static String roman(int grade) {
        return switch (grade) {
            case 1 -> "I";
            case 2 -> "II";
            case 3 -> "III";
            case 4 -> "IV";
            default -> Integer.toString(grade);
        };
    }

    // --- tasks ---------------------------------------------------------------------------------------------

    private List<Slot> slotsOf(Occurrence o) {
        Activity a = o.activity();
        LocalDate stoppedOn = null;
        String stopReason = null;
        Repeat.StopWhen stop = a.repeat() != null ? a.repeat().stopWhen() : a.stopWhen();
        if (stop != null) {
            if (stop.anchor() != null) {
                stoppedOn = anchorDate(stop.anchor()).orElse(null);
                stopReason = stoppedOn == null ? null : "no longer needed: "
                        + protocol.anchor(stop.anchor()).orElseThrow().title() + " on " + stoppedOn;
            } else {
                stoppedOn = history.first(ClinicalEventType.valueOf(stop.event())).orElse(null);
                stopReason = stoppedOn == null ? null : "no longer needed: " + stop.event() + " on " + stoppedOn;
            }
            // A single task with its own stopWhen is not needed if the condition is met by its due day.
            if (a.repeat() == null && stoppedOn != null) {
                stoppedOn = stoppedOn.minusDays(1);
            }
        }
        List<Slot> slots = new ArrayList<>();
        if (!a.isCycle()) {
            Dose dose = a.dose() == null ? null : DoseText.of(a.dose().asStep(), weightKg);
            String title = a.title() + (o.cycle() != null ? ", cycle " + o.cycle()
                    : protocol.repeats(a) ? " (" + o.n() + ")" : "");
            slots.add(slot(key(a, o.n()), a, TaskKind.valueOf(a.kind()), title, o.cycle(), o.due(), dose, o.gate(),
                    stoppedOn, stopReason, null, o.waits()));
            return slots;
        }
        String cycleKey = cycleKey(a, o.n());
        String name = a.title() + ", cycle " + o.n();
        List<DoseStep> steps = a.dosesOfCycle(o.n()).map(CycleDoses::steps).orElse(List.of());
        DoseStep first = steps.isEmpty() ? null : steps.get(0);
        String startKey = cycleKey + ".start";
        slots.add(slot(startKey, a, TaskKind.CYCLE_START, name + ": day 1, infusion starts", o.n(), o.due(),
                DoseText.of(first, weightKg), o.gate(), stoppedOn, stopReason, startKey, o.waits()));
        // The step-up and the end are days of the text counted from the cycle's real day 1: until it is recorded
        // they wait for it (never due on their own), counted from the day the start is due.
        boolean started = done.containsKey(startKey);
        LocalDate day1 = started ? o.start() : o.due().isAfter(o.start()) ? o.due() : o.start();
        String waits = started ? null : "waits for the recorded start of cycle " + o.n() + " (counted from its day 1)";
        for (DoseStep step : steps.subList(Math.min(1, steps.size()), steps.size())) {
            Dose dose = DoseText.of(step, weightKg);
            slots.add(slot(cycleKey + ".day" + step.firstDay(), a, TaskKind.DOSE_CHANGE,
                    name + ": day " + step.firstDay() + ", dose changes to " + dose.text(), o.n(),
                    day1.plusDays(step.firstDay() - 1L), dose, null, stoppedOn, stopReason, startKey, waits));
        }
        slots.add(slot(cycleKey + ".end", a, TaskKind.CYCLE_END, name + ": day " + a.lengthDays() + ", infusion ends",
                o.n(), day1.plusDays(a.lengthDays() - 1L), null, null, stoppedOn, stopReason, startKey, waits));
        return slots;
    }

    private Slot slot(String key, Activity a, TaskKind kind, String title, Integer cycle, LocalDate due, Dose dose,
                      GateCheck gate, LocalDate stoppedOn, String stopReason, String startKey, String waitsFor) {
        TaskDefault defaults = protocol.taskDefaults().get(kind.name());
        Window window = a.window() != null ? a.window() : defaults.asWindow();
        int reminder = a.reminderDays() != null ? a.reminderDays() : defaults.reminderDays();
        return new Slot(key, a, kind, title, cycle, due, due.plusDays(window.startOffset()),
                due.plusDays(window.endOffset()), dose, gate, reminder, stoppedOn, stopReason, startKey, waitsFor);
    }

    private String key(Activity activity, int n) {
        return protocol.repeats(activity) ? activity.id() + "." + n : activity.id();
    }

    private static String cycleKey(Activity activity, int n) {
        return activity.id() + "." + n;
    }
}
