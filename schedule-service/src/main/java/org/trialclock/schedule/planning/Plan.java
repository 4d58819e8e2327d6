package org.trialclock.schedule.planning;

import java.util.List;
import java.util.Optional;

/**
 * Every task of one enrollment, sorted by due date then key, the alerts for the care team, and each eligibility
 * criterion as judged from the data.
 */
public record Plan(List<PlannedTask> tasks, List<EnrollmentAlert> alerts, List<CriterionStatus> eligibility) {

    public Plan {
        tasks = List.copyOf(tasks);
        alerts = List.copyOf(alerts);
        eligibility = List.copyOf(eligibility);
    }

    /** The criteria the data shows unmet: at enrollment a refusal, afterwards a screen failure. */
    public List<CriterionStatus> notMet() {
        return eligibility.stream().filter(c -> c.status() == EligibilityStatus.NOT_MET).toList();
    }

    public Optional<PlannedTask> task(String key) {
        return tasks.stream().filter(t -> t.key().equals(key)).findFirst();
    }
}
