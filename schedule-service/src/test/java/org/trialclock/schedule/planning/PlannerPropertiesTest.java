package org.trialclock.schedule.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trialclock.schedule.planning.Trials.PLANNER;
import static org.trialclock.schedule.planning.Trials.protocol;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.trialclock.schedule.protocol.Activity;
import org.trialclock.schedule.protocol.Anchor;
import org.trialclock.schedule.protocol.Protocol;

/** Invariants of the planner over generated enrollments and histories, for all five protocols. */
class PlannerPropertiesTest {

    static final List<String> IDS = List.of("NCT07105579", "NCT06438796", "BLINA-PRE-HSCT-RCT", "NCT06507514", "NCT06607419");

    record Scenario(String protocolId, Enrollee enrollee, List<ClinicalEvent> events, List<Completion> completions,
                    LocalDate today) {
        Plan plan() {
            return PLANNER.plan(protocol(protocolId), enrollee, events, completions, today);
        }

        Scenario with(List<ClinicalEvent> newEvents, List<Completion> newCompletions) {
            return new Scenario(protocolId, enrollee, newEvents, newCompletions, today);
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Arbitraries.randomValue(PlannerPropertiesTest::scenario);
    }

    @Property(tries = 1000)
    void the_same_inputs_always_give_the_same_plan(@ForAll("scenarios") Scenario s) {
        assertThat(new Planner().plan(protocol(s.protocolId()), s.enrollee(), List.copyOf(s.events()),
                List.copyOf(s.completions()), s.today())).isEqualTo(s.plan());
    }

    @Property(tries = 1000)
    void every_window_contains_its_due_date(@ForAll("scenarios") Scenario s) {
        assertThat(s.plan().tasks()).allSatisfy(t -> {
            assertThat(t.windowStart()).as(t.key()).isBeforeOrEqualTo(t.dueDate());
            assertThat(t.windowEnd()).as(t.key()).isAfterOrEqualTo(t.dueDate());
        });
    }

    @Property(tries = 1000)
    void no_task_inside_a_cycle_is_ever_due_before_its_cycles_start(@ForAll("scenarios") Scenario s) {
        // "Days 4-14" are days of the cycle: counted from its day 1, recorded or due.
        Plan plan = s.plan();
        for (PlannedTask t : plan.tasks()) {
            if (t.kind() != TaskKind.DOSE_CHANGE && t.kind() != TaskKind.CYCLE_END) {
                continue;
            }
            PlannedTask start = plan.task(t.key().substring(0, t.key().lastIndexOf('.')) + ".start").orElseThrow();
            LocalDate day1 = start.completedOn() != null ? start.completedOn() : start.dueDate();
            if (t.status() != TaskStatus.COMPLETED) {
                assertThat(t.dueDate()).as(t.key()).isAfterOrEqualTo(day1);
            }
        }
    }

    @Property(tries = 1000)
    void cycles_are_ordered_and_never_overlap(@ForAll("scenarios") Scenario s) {
        Plan plan = s.plan();
        for (Activity a : protocol(s.protocolId()).activities().stream().filter(Activity::isCycle).toList()) {
            LocalDate previousEnd = null;
            for (int n = 1; plan.task(a.id() + "." + n + ".start").isPresent(); n++) {
                LocalDate start = plan.task(a.id() + "." + n + ".start").orElseThrow().dueDate();
                LocalDate end = plan.task(a.id() + "." + n + ".end").orElseThrow().dueDate();
                assertThat(end).as(a.id() + " cycle " + n).isAfter(start);
                if (previousEnd != null) {
                    assertThat(start).as(a.id() + " cycle " + n + " after the previous end").isAfter(previousEnd);
                }
                previousEnd = end;
            }
        }
    }

    @Property(tries = 1000)
    void no_open_task_is_before_day_0_of_its_anchor_unless_the_protocol_counts_back_from_it(@ForAll("scenarios") Scenario s) {
        Protocol protocol = protocol(s.protocolId());
        Plan plan = s.plan();
        for (Activity a : protocol.activities()) {
            if (!a.offset().fromAnchor() || (a.offset().day() != null && a.offset().day() < 0)) {
                continue; // counted from another activity, or the protocol says "before"
            }
            Anchor anchor = protocol.anchor(a.offset().anchor()).orElseThrow();
            LocalDate anchorDate = knownAnchorDate(anchor, s);
            if (anchorDate == null) {
                continue; // derived anchors (planned, set by a blood count) are not inputs
            }
            LocalDate dayZero = anchorDate.minusDays(anchor.day());
            assertThat(plan.tasks()).filteredOn(t -> t.activity().equals(a.id()) && t.status() != TaskStatus.COMPLETED)
                    .allSatisfy(t -> assertThat(t.dueDate()).as(t.key()).isAfterOrEqualTo(dayZero));
        }
    }

    @Property(tries = 1000)
    void planning_twice_gives_the_same_plan_and_doing_tasks_on_their_due_dates_moves_nothing(@ForAll("scenarios") Scenario s) {
        // A transplant recorded after a task was done changes what that task's date was planned from; leave it out.
        Scenario base = s.with(s.events().stream().filter(e -> e.type() != ClinicalEventType.TRANSPLANT_DONE).toList(),
                List.of());
        Plan once = base.plan();
        assertThat(base.plan()).isEqualTo(once);

        List<Completion> onTime = once.tasks().stream()
                .filter(t -> t.status() == TaskStatus.PLANNED && !t.dueDate().isAfter(s.today()))
                .map(t -> new Completion(t.key(), t.dueDate(), Map.of())).toList();
        Plan done = base.with(base.events(), onTime).plan();
        assertThat(dates(done)).isEqualTo(dates(once));
    }

    @Property(tries = 1000)
    void later_events_and_completions_never_move_a_completed_task(@ForAll("scenarios") Scenario s, @ForAll("later") LaterInput later) {
        Plan before = s.plan();
        List<PlannedTask> completed = before.tasks().stream().filter(t -> t.status() == TaskStatus.COMPLETED).toList();
        LocalDate last = completed.stream().map(PlannedTask::completedOn).max(LocalDate::compareTo).orElse(s.enrollee().enrolledOn());
        LocalDate when = last.plusDays(1 + later.daysAfter());
        if (when.isAfter(s.today())) {
            return;
        }
        List<ClinicalEvent> events = new ArrayList<>(s.events());
        events.add(later.event(when, protocol(s.protocolId())));
        List<Completion> completions = new ArrayList<>(s.completions());
        before.tasks().stream().filter(t -> t.status() == TaskStatus.PLANNED).findFirst()
                .ifPresent(t -> completions.add(new Completion(t.key(), when, Map.of())));

        Plan after = s.with(events, completions).plan();
        for (PlannedTask t : completed) {
            assertThat(after.task(t.key())).as(t.key()).hasValue(t);
        }
    }

    @Property(tries = 1000)
    void a_task_is_pre_enrollment_exactly_when_its_window_closed_before_enrollment(@ForAll("scenarios") Scenario s) {
        // A cycle's step-up and end go with its start: PRE_ENROLLMENT never splits a cycle.
        LocalDate enrolled = s.enrollee().enrolledOn();
        Plan plan = s.plan();
        assertThat(plan.tasks()).filteredOn(t -> t.status() != TaskStatus.COMPLETED).allSatisfy(t -> {
            PlannedTask decides = t.kind() == TaskKind.DOSE_CHANGE || t.kind() == TaskKind.CYCLE_END
                    ? plan.task(t.key().substring(0, t.key().lastIndexOf('.')) + ".start").orElseThrow() : t;
            assertThat(t.status() == TaskStatus.PRE_ENROLLMENT).as(t.key())
                    .isEqualTo(decides.windowEnd().isBefore(enrolled));
        });
    }

    // --- generation ------------------------------------------------------------------------------------------

    record LaterInput(int daysAfter, int kind, int value) {
        ClinicalEvent event(LocalDate date, Protocol protocol) {
            return switch (kind) {
                case 0 -> new ClinicalEvent(ClinicalEventType.GVHD_ASSESSED, date, Map.of("kind", "ACUTE", "grade", value % 5, "active", value % 2 == 0));
                case 1 -> new ClinicalEvent(ClinicalEventType.LAB_RESULT, date, Map.of("wbc", value % 7, "plt", value * 3));
                case 2 -> new ClinicalEvent(ClinicalEventType.MRD_RESULT, date, Map.of("mrdPercent", value / 1000.0, "method", "FLOW"));
                case 3 -> protocol.anchors().stream().filter(a -> a.recordedBy() != null).findFirst()
                        .map(a -> new ClinicalEvent(ClinicalEventType.TRANSPLANT_DONE, date, Map.of("anchor", a.name())))
                        .orElse(new ClinicalEvent(ClinicalEventType.RELAPSE, date, Map.of()));
                default -> new ClinicalEvent(ClinicalEventType.WITHDRAWN, date, Map.of());
            };
        }
    }

    @Provide
    Arbitrary<LaterInput> later() {
        return Arbitraries.randomValue(r -> new LaterInput(r.nextInt(60), r.nextInt(5), r.nextInt(100)));
    }

    static Scenario scenario(Random r) {
        String id = IDS.get(r.nextInt(IDS.size()));
        Protocol protocol = protocol(id);
        LocalDate base = LocalDate.of(2025, 1, 1).plusDays(r.nextInt(1600));
        LocalDate today = base.plusDays(200 + r.nextInt(900));
        Map<String, LocalDate> anchors = new HashMap<>();
        String arm = protocol.randomized() ? protocol.armIds().get(r.nextInt(protocol.armIds().size())) : null;
        String riskGroup = null;
        BigDecimal weight = null;
        List<ClinicalEvent> events = new ArrayList<>();
        switch (id) {
            case "NCT07105579" -> {
                anchors.put("HSCT", base);
                weight = BigDecimal.valueOf(30 + r.nextInt(900) / 10.0);
            }
            case "NCT06438796" -> {
                anchors.put("HSCT", base);
                if (r.nextBoolean()) {
                    anchors.put("MAINTENANCE_START", base.plusDays(45 + r.nextInt(60)));
                }
            }
            case "BLINA-PRE-HSCT-RCT" -> {
                anchors.put("RANDOMIZATION", base);
                if (r.nextBoolean()) {
                    anchors.put("HSCT", base.plusDays(30 + r.nextInt(60)));
                }
            }
            case "NCT06507514" -> anchors.put("BLINA_START", base);
            default -> {
                anchors.put("INDUCTION_D1", base);
                riskGroup = r.nextBoolean() ? "LOW" : "INTERMEDIATE";
                if (r.nextBoolean()) {
                    events.add(new ClinicalEvent(ClinicalEventType.MRD_RESULT, base.plusDays(18),
                            Map.of("mrdPercent", 0.1 + r.nextInt(50) / 10.0, "method", "FLOW", "timepoint", "D19")));
                }
            }
        }
        LocalDate enrolledOn = base.plusDays(r.nextInt(220) - 10);
        int count = r.nextInt(6);
        for (int i = 0; i < count; i++) {
            LocalDate date = base.plusDays(r.nextInt(400));
            if (date.isAfter(today)) {
                continue;
            }
            events.add(randomEvent(r, protocol, date));
        }
        Scenario s = new Scenario(id, new Enrollee("S-" + r.nextInt(1000), arm, riskGroup, anchors, weight, enrolledOn),
                events, List.of(), today);
        // Complete a few tasks inside their windows, one at a time, as a care team would.
        List<Completion> completions = new ArrayList<>();
        int toComplete = r.nextInt(7);
        for (int i = 0; i < toComplete; i++) {
            List<PlannedTask> open = s.with(events, completions).plan().tasks().stream()
                    .filter(t -> t.status() == TaskStatus.PLANNED && !t.windowStart().isAfter(today)).toList();
            if (open.isEmpty()) {
                break;
            }
            PlannedTask t = open.get(r.nextInt(Math.min(open.size(), 4)));
            int span = (int) (t.windowEnd().toEpochDay() - t.windowStart().toEpochDay());
            LocalDate on = t.windowStart().plusDays(r.nextInt(span + 1));
            LocalDate when = on.isAfter(today) ? today : on;
            // Only a task that was already planned on that day can be done on it.
            List<ClinicalEvent> knownThen = events.stream().filter(e -> !e.date().isAfter(when)).toList();
            List<Completion> doneThen = completions.stream().filter(c -> !c.completedOn().isAfter(when)).toList();
            boolean plannedThen = s.with(knownThen, doneThen).plan().task(t.key())
                    .filter(then -> then.status() == TaskStatus.PLANNED).isPresent();
            if (plannedThen) {
                completions.add(new Completion(t.key(), when, Map.of()));
            }
        }
        return s.with(events, completions);
    }

    static ClinicalEvent randomEvent(Random r, Protocol protocol, LocalDate date) {
        int kind = r.nextInt(20);
        if (kind < 5) {
            return new ClinicalEvent(ClinicalEventType.GVHD_ASSESSED, date, Map.of(
                    "kind", r.nextBoolean() ? "ACUTE" : "CHRONIC", "grade", r.nextInt(5), "active", r.nextBoolean()));
        }
        if (kind < 9) {
            return new ClinicalEvent(ClinicalEventType.LAB_RESULT, date, Map.of("wbc", r.nextInt(60) / 10.0, "plt", r.nextInt(150)));
        }
        if (kind < 13) {
            boolean d46 = protocol.id().equals("NCT06607419") && r.nextBoolean();
            return new ClinicalEvent(ClinicalEventType.MRD_RESULT, date, d46
                    ? Map.of("mrdPercent", r.nextInt(200) / 100.0, "method", "FLOW", "timepoint", "D46")
                    : Map.of("mrdPercent", r.nextInt(30) / 1000.0, "method", r.nextBoolean() ? "FLOW" : "NGS"));
        }
        if (kind < 16) {
            List<String> recordable = protocol.anchors().stream().filter(a -> a.recordedBy() != null).map(Anchor::name).toList();
            if (!recordable.isEmpty()) {
                return new ClinicalEvent(ClinicalEventType.TRANSPLANT_DONE, date,
                        Map.of("anchor", recordable.get(r.nextInt(recordable.size()))));
            }
        }
        if (kind < 17 && protocol.id().equals("NCT06607419")) {
            return new ClinicalEvent(ClinicalEventType.HD_MTX_2_STARTED, date, Map.of());
        }
        List<ClinicalEventType> stops = List.of(ClinicalEventType.RELAPSE, ClinicalEventType.DEATH, ClinicalEventType.WITHDRAWN);
        return new ClinicalEvent(stops.get(r.nextInt(3)), date, Map.of());
    }

    static LocalDate knownAnchorDate(Anchor anchor, Scenario s) {
        LocalDate recorded = s.events().stream()
                .filter(e -> anchor.recordedBy() != null && e.type() == ClinicalEventType.TRANSPLANT_DONE
                        && anchor.name().equals(e.data().get("anchor")))
                .map(ClinicalEvent::date).max(LocalDate::compareTo).orElse(null);
        return recorded != null ? recorded : s.enrollee().anchors().get(anchor.name());
    }

    static Map<String, List<LocalDate>> dates(Plan plan) {
        return plan.tasks().stream().collect(Collectors.toMap(PlannedTask::key,
                t -> List.of(t.dueDate(), t.windowStart(), t.windowEnd())));
    }

}
