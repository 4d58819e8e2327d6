package org.trialclock.schedule.enrollment;

import org.trialclock.schedule.planning.EnrollmentAlert;

import java.util.List;
import java.util.Set;

/** Where the patient stands in the trial. Only an ACTIVE enrollment blocks a second one of the same subject. */
public enum EnrollmentStatus {
    ACTIVE, OFF_STUDY,
    /** A result that arrived after enrollment shows an eligibility criterion unmet: kept, every open task cancelled. */
    SCREEN_FAILURE;

    private static final String SCREEN_FAILED = "SCREEN_FAILURE";
    private static final Set<String> ENDING = Set.of("RELAPSE", "DEATH", "WITHDRAWN", "OFF_STUDY", SCREEN_FAILED);

    /** A screen failure, or relapse, death, withdrawal or an excluding result, ends the time on study. */
    static EnrollmentStatus of(List<EnrollmentAlert> alerts) {
        if (alerts.stream().anyMatch(a -> SCREEN_FAILED.equals(a.kind()))) {
            return SCREEN_FAILURE;
        }
        return alerts.stream().anyMatch(a -> ENDING.contains(a.kind())) ? OFF_STUDY : ACTIVE;
    }

    /** The message of the alert that ended the time on study, or null while active. */
    static String reason(List<EnrollmentAlert> alerts) {
        return alerts.stream().filter(a -> SCREEN_FAILED.equals(a.kind())).findFirst()
                .or(() -> alerts.stream().filter(a -> ENDING.contains(a.kind())).findFirst())
                .map(EnrollmentAlert::message).orElse(null);
    }
}
