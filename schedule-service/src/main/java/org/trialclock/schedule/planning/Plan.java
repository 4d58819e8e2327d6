package org.trialclock.schedule.planning;

import java.util.List;
import java.util.Optional;

/** Every task of one enrollment, sorted by due date then key, and the alerts for the care team. */
public record Plan(List<PlannedTask> tasks, List<EnrollmentAlert> alerts) {

    public Plan {
        tasks = List.copyOf(tasks);
        alerts = List.copyOf(alerts);
    }

    public Optional<PlannedTask> task(String key) {
        return tasks.stream().filter(t -> t.key().equals(key)).findFirst();
    }
}
