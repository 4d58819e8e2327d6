package org.trialclock.bench.drill;

import org.trialclock.bench.stack.ServiceReplica;

import java.time.Duration;
import java.util.Arrays;

/**
 * Drill 1: schedule-service is killed with SIGKILL three times at random points of a due burst (somewhere between
 * the first task moving to DUE and the last due event relayed) and started again each time, in a burst of 20,000
 * tasks (about three minutes on the 2-core machine, bench/README.md).
 */
final class KillSchedule implements Drill {
    private static final int KILLS = 3;
    /** The burst of the drills 1 and 2; the other drills run 500 tasks through their fault. */
    static final int BURST = 20_000;

    @Override
    public String name() {
        return "kill-schedule";
    }

    @Override
    public int defaultTasks() {
        return BURST;
    }

    @Override
    public void inject(DrillContext drill) throws Exception {
        int tasks = drill.burst().taskIds().size();
        // progress of the burst through schedule-service: tasks moved to DUE plus due events relayed, 0..2n
        long[] points = new long[KILLS];
        for (int i = 0; i < KILLS; i++) {
            points[i] = Math.round((0.05 + 0.9 * drill.random().nextDouble()) * 2 * tasks);
        }
        Arrays.sort(points);
        ServiceReplica schedule = drill.stack().schedule(0);
        for (long point : points) {
            var at = drill.awaitProgress(p -> p.dueTasks() + p.dueRelayed() >= point, Duration.ofMinutes(4));
            schedule.process().kill();
            DrillContext.log("SIGKILL schedule-service at " + at);
            schedule.process().start();
            schedule.awaitReady();
        }
    }
}
