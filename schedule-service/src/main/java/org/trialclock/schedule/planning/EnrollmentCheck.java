package org.trialclock.schedule.planning;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.trialclock.schedule.protocol.Anchor;
import org.trialclock.schedule.protocol.Protocol;

/** Refuses an enrollment the protocol cannot plan, naming the field and the reason a clinician can act on. */
final class EnrollmentCheck {

    static final BigDecimal MAX_WEIGHT_KG = BigDecimal.valueOf(300);

    private EnrollmentCheck() {}

    /** The arm the patient is on; a single-arm protocol's only arm when none is given. */
    static String arm(Protocol protocol, Enrollee enrollee) {
        if (enrollee.subjectId() == null || enrollee.subjectId().isBlank()) {
            throw new EnrollmentRefused("subjectId", "the subject id is missing");
        }
        if (enrollee.enrolledOn() == null) {
            throw new EnrollmentRefused("enrolledOn", "the enrollment date is missing");
        }
        String arm = enrollee.arm();
        if (arm == null) {
            if (protocol.randomized()) {
                throw new EnrollmentRefused("arm", protocol.id() + " is randomized: give the arm the patient was"
                        + " randomized to, one of " + protocol.armIds());
            }
            return protocol.armIds().get(0);
        }
        if (!protocol.armIds().contains(arm)) {
            throw new EnrollmentRefused("arm", "arm " + arm + " is not part of " + protocol.id() + "; its arms are "
                    + protocol.armIds());
        }
        return arm;
    }

    static void anchors(Protocol protocol, Enrollee enrollee, ClinicalHistory history) {
        for (Map.Entry<String, LocalDate> given : enrollee.anchors().entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).toList()) {
            if (protocol.anchor(given.getKey()).isEmpty()) {
                throw new EnrollmentRefused("anchors." + given.getKey(), given.getKey() + " is not an anchor of "
                        + protocol.id() + "; its anchors are " + protocol.anchorNames());
            }
            if (given.getValue() == null) {
                throw new EnrollmentRefused("anchors." + given.getKey(), "the date of " + given.getKey() + " is missing");
            }
        }
        for (Anchor anchor : protocol.anchors()) {
            boolean recorded = anchor.recordedBy() != null && history.transplant(anchor.name()).isPresent();
            if (anchor.required() && !enrollee.anchors().containsKey(anchor.name()) && !recorded) {
                throw new EnrollmentRefused("anchors." + anchor.name(), protocol.id() + " counts its schedule from "
                        + anchor.name() + " (" + anchor.title() + "): give its date");
            }
        }
    }

    static void weight(Protocol protocol, String arm, Enrollee enrollee) {
        BigDecimal weight = enrollee.weightKg();
        boolean needed = protocol.activities().stream().anyMatch(a -> a.appliesTo(arm) && a.weightBased());
        if (weight == null) {
            if (needed) {
                throw new EnrollmentRefused("weightKg", "a dose of " + protocol.id()
                        + " is per kg of body weight: give the patient's weight in kg");
            }
            return;
        }
        if (weight.signum() <= 0 || weight.compareTo(MAX_WEIGHT_KG) > 0) {
            throw new EnrollmentRefused("weightKg", "weight " + weight.toPlainString()
                    + " kg is not plausible; give the weight in kg (above 0, at most 300)");
        }
    }

    /** The recorded date of each task; if a task was recorded twice, the later date stands. */
    static Map<String, LocalDate> completions(List<Completion> completions, LocalDate today) {
        Map<String, LocalDate> done = new HashMap<>();
        List<Completion> list = completions == null ? List.of() : completions;
        for (int i = 0; i < list.size(); i++) {
            Completion c = list.get(i);
            String field = "completions[" + i + "]";
            if (c == null || c.taskKey() == null || c.taskKey().isBlank()) {
                throw new EnrollmentRefused(field + ".taskKey", "the task of a completion is missing");
            }
            if (c.completedOn() == null) {
                throw new EnrollmentRefused(field + ".completedOn", "the date " + c.taskKey() + " was done is missing");
            }
            if (today != null && c.completedOn().isAfter(today)) {
                throw new EnrollmentRefused(field + ".completedOn", c.taskKey() + " cannot be done on "
                        + c.completedOn() + ", after today (" + today + ")");
            }
            done.merge(c.taskKey(), c.completedOn(), (a, b) -> a.isAfter(b) ? a : b);
        }
        return done;
    }
}
