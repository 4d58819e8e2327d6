package org.trialclock.schedule.fhir;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.PlanDefinition.ActionRelationshipType;
import org.hl7.fhir.r4.model.PlanDefinition.PlanDefinitionActionComponent;
import org.hl7.fhir.r4.model.Timing;
import org.trialclock.schedule.protocol.Activity;
import org.trialclock.schedule.protocol.Anchor;
import org.trialclock.schedule.protocol.CycleDoses;
import org.trialclock.schedule.protocol.DoseStep;
import org.trialclock.schedule.protocol.Offset;
import org.trialclock.schedule.protocol.Protocol;
import org.trialclock.schedule.protocol.Repeat;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A protocol version as a FHIR R4 PlanDefinition (type clinical-protocol): one action per anchor (the transplant,
 * day 0) and one per activity, timed relative to the anchor or activity it counts from, repeats as a Timing, dose
 * steps as sub-actions, and the registry's words as each action's description.
 */
final class ProtocolPlanDefinition {
    static final String PLAN_TYPES = "http://terminology.hl7.org/CodeSystem/plan-definition-type";
    static final String UCUM = "http://unitsofmeasure.org";
    private static final Pattern EVERY = Pattern.compile("(\\d+) (day|days|week|weeks|month|months)");

    private ProtocolPlanDefinition() {
    }

    static PlanDefinition of(Protocol p) {
        PlanDefinition plan = new PlanDefinition()
                .setStatus(Enumerations.PublicationStatus.ACTIVE)
                .setVersion(p.version())
                .setName(p.id().replaceAll("[^A-Za-z0-9_]", "_"))
                .setTitle(p.title())
                .setPublisher(p.sponsor())
                .setType(new CodeableConcept(new Coding(PLAN_TYPES, "clinical-protocol", "Clinical Protocol")))
                .setDescription(p.design() + (p.designQuote() == null ? "" : ": \"" + p.designQuote() + "\""));
        plan.setId(p.id());
        if (p.registration() != null) {
            plan.addIdentifier(new Identifier().setSystem(SubjectBundle.REGISTRY).setValue(p.registration()));
        }
        for (Anchor anchor : p.anchors()) {
            PlanDefinitionActionComponent anchorAction = plan.addAction();
            anchorAction.setId(anchorAction(anchor.name()));
            anchorAction.setTitle(anchor.title())
                    .setDescription(said(anchor.source(), anchor.quote()))
                    .setTextEquivalent("day " + anchor.day() + (anchor.required() ? ", date given at enrollment" : ""));
        }
        for (Activity a : p.activities()) {
            PlanDefinitionActionComponent action = plan.addAction();
            action.setId(actionId(a.id()));
            action.setTitle(a.title())
                    .setDescription(said(a.source(), a.quote()) + (a.gate() == null ? ""
                            : " Only if: " + a.gate().rule() + said(" ", a.gate().quote())))
                    .setCode(java.util.List.of(new CodeableConcept().setText(a.kind())));
            if (!a.arms().isEmpty()) {
                action.setTextEquivalent("arms: " + String.join(", ", a.arms()));
            }
            when(p, a.offset(), action);
            if (a.repeat() != null || a.isCycle()) {
                action.setTiming(timing(a));
            }
            for (CycleDoses doses : a.doses()) {
                action.addAction().setTitle("cycles " + doses.cycles().stream().map(String::valueOf)
                                .collect(Collectors.joining(", ")) + ": " + doses.steps().stream()
                                .map(ProtocolPlanDefinition::step).collect(Collectors.joining("; ")))
                        .setDescription(said(doses.source(), doses.quote()));
            }
            if (a.dose() != null) {
                action.addAction().setTitle("dose: " + step(a.dose().asStep())).setDescription(said(a.dose().source(), a.dose().quote()));
            }
        }
        return plan;
    }

    /** "day 60 after HSCT" or "7 days before each cycle starts"; months after an anchor become one sub-action each. */
    private static void when(Protocol p, Offset offset, PlanDefinitionActionComponent action) {
        if (offset.fromAnchor()) {
            if (offset.day() != null) {
                int anchorDay = p.anchor(offset.anchor()).map(Anchor::day).orElse(0);
                related(action, anchorAction(offset.anchor()), offset.day() - anchorDay, false, "d");
            }
            for (Integer month : offset.months()) {
                PlanDefinitionActionComponent visit = offset.months().size() == 1 ? action
                        : action.addAction().setTitle(action.getTitle() + " at " + month + " months");
                related(visit, anchorAction(offset.anchor()), month, false, "mo");
            }
            return;
        }
        related(action, actionId(offset.activity()), offset.daysOrZero(), offset.fromEnd(), "d");
    }

    private static void related(PlanDefinitionActionComponent action, String target, int amount, boolean fromEnd, String unit) {
        ActionRelationshipType relationship = amount < 0
                ? fromEnd ? ActionRelationshipType.BEFOREEND : ActionRelationshipType.BEFORESTART
                : fromEnd ? ActionRelationshipType.AFTEREND : ActionRelationshipType.AFTERSTART;
        action.addRelatedAction().setActionId(target).setRelationship(relationship)
                .setOffset(duration(Math.abs(amount), unit));
    }

    /** A cycle lasts its length; a repeat recurs "every 3 months", some times. */
    private static Timing timing(Activity a) {
        Timing.TimingRepeatComponent repeat = new Timing.TimingRepeatComponent();
        if (a.isCycle() && a.lengthDays() != null) {
            repeat.setDuration(a.lengthDays()).setDurationUnit(Timing.UnitsOfTime.D);
        }
        Repeat r = a.repeat();
        if (r != null) {
            Matcher m = EVERY.matcher(r.every());
            if (m.matches()) {
                repeat.setFrequency(1).setPeriod(Integer.parseInt(m.group(1))).setPeriodUnit(switch (m.group(2)) {
                    case "day", "days" -> Timing.UnitsOfTime.D;
                    case "week", "weeks" -> Timing.UnitsOfTime.WK;
                    default -> Timing.UnitsOfTime.MO;
                });
            }
            if (r.times() != null) {
                repeat.setCount(r.times());
            }
        } else {
            repeat.setCount(1);
        }
        return new Timing().setRepeat(repeat);
    }

    private static Duration duration(int amount, String ucum) {
        Duration d = new Duration();
        d.setValue(BigDecimal.valueOf(amount)).setUnit(ucum).setSystem(UCUM).setCode(ucum);
        return d;
    }

    private static String step(DoseStep s) {
        String dose = s.amount() == null ? (s.text() != null ? s.text() : "per protocol")
                : s.amount().stripTrailingZeros().toPlainString() + " " + s.unit() + "/" + s.per();
        return "days " + s.days() + " " + dose;
    }

    /** Where a rule comes from: the registry text, quoted, or our default where the text is silent. */
    private static String said(String source, String quote) {
        if (quote != null) {
            return "\"" + quote + "\"";
        }
        return "default".equals(source) ? "TrialClock default (the registry text is silent)" : "";
    }

    static String anchorAction(String anchor) {
        return actionId("anchor-" + anchor);
    }

    /** An action's element id: FHIR ids allow letters, digits, '-' and '.', at most 64. */
    static String actionId(String name) {
        String id = name.replaceAll("[^A-Za-z0-9.-]", "-");
        return id.length() > 64 ? id.substring(0, 64) : id;
    }
}
