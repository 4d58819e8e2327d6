package org.trialclock.bench.drill;

import java.util.Map;

/**
 * One fault drill: how big a burst, how many replicas, and the faults it injects while the burst is under way.
 * {@link Drills} does the rest (fresh stack, burst, waiting, counting) the same way for every drill.
 */
interface Drill {
    String name();

    /** Tasks in the burst unless the run says otherwise; each must cause one notification per recipient and channel. */
    int defaultTasks();

    default int scheduleReplicas() {
        return 1;
    }

    default int notifyReplicas() {
        return 1;
    }

    /** Settings for notify-service beyond the drills' common ones. */
    default Map<String, String> notifyEnv() {
        return Map.of();
    }

    /** Injects the faults; returns when every fault is over and every piece is running again. */
    void inject(DrillContext drill) throws Exception;

    /** Called about once a second while the drill waits for the burst to settle. */
    default void settling(DrillContext drill) throws Exception {
    }
}
