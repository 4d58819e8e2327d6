package org.trialclock.bench.drill;

/** Drill 6: two schedule-service and two notify-service processes share the burst; nothing is injected. */
final class TwoReplicas implements Drill {

    @Override
    public String name() {
        return "two-replicas";
    }

    @Override
    public int defaultTasks() {
        return 700;
    }

    @Override
    public int scheduleReplicas() {
        return 2;
    }

    @Override
    public int notifyReplicas() {
        return 2;
    }

    @Override
    public void inject(DrillContext drill) {
        DrillContext.log("no fault: both replicas of each service share the burst");
    }
}
