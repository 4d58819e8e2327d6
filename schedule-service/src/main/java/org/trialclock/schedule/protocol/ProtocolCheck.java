package org.trialclock.schedule.protocol;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * What the JSON Schema cannot say: names that must refer to something, windows that must hold their due date,
 * dose steps that must cover the cycle, and dates that must not depend on themselves.
 */
final class ProtocolCheck {

    private final Protocol protocol;
    private final BiFunction<String, String, InvalidProtocolException> error;
    private final Map<String, Integer> activityIndex = new HashMap<>();
    private final Map<String, Integer> anchorIndex = new HashMap<>();

    ProtocolCheck(Protocol protocol, BiFunction<String, String, InvalidProtocolException> error) {
        this.protocol = protocol;
        this.error = error;
    }

    void run() {
        checkArms();
        checkAnchors();
        checkActivityIds();
        for (int i = 0; i < protocol.anchors().size(); i++) {
            Anchor anchor = protocol.anchors().get(i);
            String path = "/anchors/" + i;
            if (anchor.plannedAt() != null) {
                checkOffset(anchor.plannedAt(), path + "/plannedAt", false);
            }
            if (anchor.bloodCount() != null) {
                checkAnchorName(anchor.bloodCount().after(), path + "/bloodCount/after");
            }
            if (anchor.recordedBy() != null && anchor.bloodCount() != null) {
                throw error.apply(path, "an anchor is either recorded by an event or set by a blood count, not both");
            }
        }
        for (int i = 0; i < protocol.activities().size(); i++) {
            checkActivity(protocol.activities().get(i), "/activities/" + i);
        }
        checkMrdRules();
        checkEligibility();
        checkDaysOfTheText();
        checkNoCircularDates();
    }

    private void checkArms() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < protocol.arms().size(); i++) {
            if (!seen.add(protocol.arms().get(i).id())) {
                throw error.apply("/arms/" + i + "/id", "duplicate arm id " + protocol.arms().get(i).id());
            }
        }
        if (!protocol.randomized() && protocol.arms().size() != 1) {
            throw error.apply("/arms", "a single-arm protocol has exactly one arm, found " + protocol.arms().size());
        }
        if (protocol.randomized() && protocol.arms().size() < 2) {
            throw error.apply("/arms", "a randomized protocol needs at least two arms");
        }
    }

    private void checkAnchors() {
        for (int i = 0; i < protocol.anchors().size(); i++) {
            if (anchorIndex.putIfAbsent(protocol.anchors().get(i).name(), i) != null) {
                throw error.apply("/anchors/" + i + "/name", "duplicate anchor " + protocol.anchors().get(i).name());
            }
        }
    }

    private void checkActivityIds() {
        for (int i = 0; i < protocol.activities().size(); i++) {
            if (activityIndex.putIfAbsent(protocol.activities().get(i).id(), i) != null) {
                throw error.apply("/activities/" + i + "/id", "duplicate activity id " + protocol.activities().get(i).id());
            }
        }
    }

    private void checkActivity(Activity activity, String path) {
        for (int j = 0; j < activity.arms().size(); j++) {
            if (!protocol.armIds().contains(activity.arms().get(j))) {
                throw error.apply(path + "/arms/" + j,
                        "unknown arm " + activity.arms().get(j) + "; the protocol's arms are " + protocol.armIds());
            }
        }
        checkOffset(activity.offset(), path + "/offset", true);
        if (activity.offset().fromAnchor() && activity.offset().months().size() > 1 && activity.repeat() != null) {
            throw error.apply(path + "/repeat", "an activity at several listed months cannot also repeat");
        }
        if (activity.window() != null && !activity.window().containsDueDate()) {
            throw error.apply(path + "/window/days", "window " + activity.window().days()
                    + " does not contain the due date (offset 0); write it as -before/+after");
        }
        if (activity.repeat() != null) {
            checkRepeat(activity.repeat(), path + "/repeat");
        }
        if (activity.isCycle()) {
            checkCycle(activity, path);
        } else if (activity.lengthDays() != null || !activity.doses().isEmpty()) {
            throw error.apply(path + "/kind", "only a CYCLE has lengthDays and dose steps; use dose for a single-day task");
        }
        if (activity.gate() != null) {
            checkGate(activity.gate(), path + "/gate");
        }
        if (activity.stopWhen() != null) {
            if (activity.repeat() != null) {
                throw error.apply(path + "/stopWhen", "a repeating activity says stopWhen under repeat");
            }
            if (activity.stopWhen().anchor() != null) {
                checkAnchorName(activity.stopWhen().anchor(), path + "/stopWhen/anchor");
            }
        }
    }

    private void checkOffset(Offset offset, String path, boolean allowMonths) {
        if (offset.fromAnchor()) {
            checkAnchorName(offset.anchor(), path + "/anchor");
            if ((offset.day() == null) == offset.months().isEmpty()) {
                throw error.apply(path, "an offset from an anchor gives either day or months");
            }
            if (!allowMonths && offset.months().size() > 1) {
                throw error.apply(path + "/months", "only one month here");
            }
        } else {
            if (offset.activity() == null) {
                throw error.apply(path, "an offset names an anchor or an activity");
            }
            if (!activityIndex.containsKey(offset.activity())) {
                throw error.apply(path + "/activity", "unknown activity " + offset.activity());
            }
            if (offset.cycle() != null) {
                Activity target = protocol.activity(offset.activity()).orElseThrow();
                int times = target.repeat() == null || target.repeat().times() == null ? 1 : target.repeat().times();
                if (offset.cycle() > times) {
                    throw error.apply(path + "/cycle", offset.activity() + " has only " + times + " occurrences");
                }
            }
        }
    }

    private void checkAnchorName(String name, String path) {
        if (!anchorIndex.containsKey(name)) {
            throw error.apply(path, "unknown anchor " + name + "; the protocol's anchors are " + protocol.anchorNames());
        }
    }

    private void checkRepeat(Repeat repeat, String path) {
        if (repeat.times() == null && repeat.until() == null) {
            throw error.apply(path, "a repeat needs times or until, or it would never end");
        }
        if (repeat.until() != null) {
            if (!repeat.until().fromAnchor()) {
                throw error.apply(path + "/until", "until is counted from an anchor");
            }
            checkOffset(repeat.until(), path + "/until", false);
        }
        if (repeat.stopWhen() != null && repeat.stopWhen().anchor() != null) {
            checkAnchorName(repeat.stopWhen().anchor(), path + "/stopWhen/anchor");
        }
    }

    private void checkCycle(Activity activity, String path) {
        if (activity.lengthDays() == null) {
            throw error.apply(path + "/lengthDays", "a CYCLE needs its length in days");
        }
        if (activity.dose() != null) {
            throw error.apply(path + "/dose", "a CYCLE gives its dose per cycle under doses");
        }
        int times = activity.repeat() == null || activity.repeat().times() == null ? 1 : activity.repeat().times();
        Set<Integer> covered = new HashSet<>();
        for (int j = 0; j < activity.doses().size(); j++) {
            CycleDoses doses = activity.doses().get(j);
            String dosePath = path + "/doses/" + j;
            for (int k = 0; k < doses.cycles().size(); k++) {
                int cycle = doses.cycles().get(k);
                if (cycle < 1 || (activity.repeat() == null || activity.repeat().times() != null) && cycle > times) {
                    throw error.apply(dosePath + "/cycles/" + k, "there is no cycle " + cycle);
                }
                if (!covered.add(cycle)) {
                    throw error.apply(dosePath + "/cycles/" + k, "cycle " + cycle + " has doses listed twice");
                }
            }
            int expectedFirst = 1;
            for (int k = 0; k < doses.steps().size(); k++) {
                DoseStep step = doses.steps().get(k);
                if (step.firstDay() != expectedFirst || step.lastDay() < step.firstDay()) {
                    throw error.apply(dosePath + "/steps/" + k + "/days", "dose steps must run on from day "
                            + expectedFirst + " without gaps; found days " + step.days());
                }
                expectedFirst = step.lastDay() + 1;
            }
            if (expectedFirst - 1 != activity.lengthDays()) {
                throw error.apply(dosePath + "/steps", "dose steps end on day " + (expectedFirst - 1)
                        + " but the cycle lasts " + activity.lengthDays() + " days");
            }
        }
    }

    private void checkGate(GateRule gate, String path) {
        if (GateRule.GVHD_FREE.equals(gate.rule()) && gate.cancelAtAcuteGrade() == null) {
            throw error.apply(path + "/cancelAtAcuteGrade", "GVHD_FREE needs the acute grade that cancels the task");
        }
        if (GateRule.MRD_NEGATIVE.equals(gate.rule())) {
            if (gate.resultsFrom() == null) {
                throw error.apply(path + "/resultsFrom", "MRD_NEGATIVE needs the date from which results count");
            }
            checkOffset(gate.resultsFrom(), path + "/resultsFrom", false);
        }
    }

    /**
     * A cycle's step-up and end are days of the text counted from its recorded start ("Days 4-14"): their window
     * is at most a day either side, never a window of their own.
     */
    private void checkDaysOfTheText() {
        for (String kind : List.of("DOSE_CHANGE", "CYCLE_END")) {
            TaskDefault d = protocol.taskDefaults().get(kind);
            if (d != null && (d.asWindow().startOffset() < -1 || d.asWindow().endOffset() > 1)) {
                throw error.apply("/taskDefaults/" + kind + "/window", kind + " is a day of the text counted from the"
                        + " cycle's recorded start: its window is at most one day either side (-1/+1)");
            }
        }
    }

    /** Criterion ids are what a coordinator attests, so they are unique; what a judge counts from must exist. */
    private void checkEligibility() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < protocol.eligibility().size(); i++) {
            Criterion c = protocol.eligibility().get(i);
            String path = "/eligibility/" + i;
            if (!ids.add(c.id())) {
                throw error.apply(path + "/id", "criterion id " + c.id() + " is used twice");
            }
            if (c.judge() == null) {
                continue;
            }
            if (c.judge().sinceAnchor() != null && protocol.anchor(c.judge().sinceAnchor().anchor()).isEmpty()) {
                throw error.apply(path + "/judge/sinceAnchor/anchor", "unknown anchor " + c.judge().sinceAnchor().anchor());
            }
            Judge.MrdAtTimepoint mrd = c.judge().mrdAtTimepoint();
            if (mrd != null && (mrd.atLeast() == null) == mrd.atLeastByRiskGroup().isEmpty()) {
                throw error.apply(path + "/judge/mrdAtTimepoint", "give either atLeast or atLeastByRiskGroup");
            }
        }
    }

    private void checkMrdRules() {
        for (int i = 0; i < protocol.offStudy().size(); i++) {
            MrdRule rule = protocol.offStudy().get(i);
            if ((rule.atLeast() == null) == rule.atLeastByRiskGroup().isEmpty()) {
                throw error.apply("/offStudy/" + i, "give either atLeast or atLeastByRiskGroup");
            }
        }
        if (protocol.mrdThreshold("FLOW").isEmpty()) {
            throw error.apply("/mrdPositive", "a FLOW threshold is needed: flow is the method most results come by");
        }
    }

    /** A date that depends on itself would never resolve; report the activity or anchor where the loop closes. */
    private void checkNoCircularDates() {
        Map<String, List<String>> edges = new HashMap<>();
        Map<String, String> paths = new HashMap<>();
        for (int i = 0; i < protocol.anchors().size(); i++) {
            Anchor a = protocol.anchors().get(i);
            String node = "anchor:" + a.name();
            paths.put(node, "/anchors/" + i);
            List<String> out = new ArrayList<>();
            if (a.plannedAt() != null) {
                out.add(target(a.plannedAt()));
            }
            if (a.bloodCount() != null) {
                out.add("anchor:" + a.bloodCount().after());
            }
            edges.put(node, out);
        }
        for (int i = 0; i < protocol.activities().size(); i++) {
            Activity a = protocol.activities().get(i);
            String node = "activity:" + a.id();
            paths.put(node, "/activities/" + i);
            List<String> out = new ArrayList<>();
            out.add(target(a.offset()));
            if (a.repeat() != null && a.repeat().until() != null) {
                out.add(target(a.repeat().until()));
            }
            if (a.gate() != null && a.gate().resultsFrom() != null) {
                out.add(target(a.gate().resultsFrom()));
            }
            edges.put(node, out);
        }
        Map<String, Integer> state = new HashMap<>();
        for (String node : edges.keySet().stream().sorted().toList()) {
            visit(node, edges, state, paths);
        }
    }

    private void visit(String node, Map<String, List<String>> edges, Map<String, Integer> state, Map<String, String> paths) {
        Integer s = state.get(node);
        if (s != null && s == 2) {
            return;
        }
        if (s != null) {
            throw error.apply(paths.get(node), "its date depends on itself (" + node + ")");
        }
        state.put(node, 1);
        for (String next : edges.getOrDefault(node, List.of())) {
            visit(next, edges, state, paths);
        }
        state.put(node, 2);
    }

    private static String target(Offset offset) {
        return offset.fromAnchor() ? "anchor:" + offset.anchor() : "activity:" + offset.activity();
    }
}
