package org.trialclock.bench.drill;

import org.trialclock.bench.stack.ServiceReplica;

import java.time.Duration;

/**
 * Drill 8: a rolling update mid-burst: schedule-service gets SIGTERM, exits and is started again, then
 * notify-service the same way, as Kubernetes replaces a single-replica deployment's pod.
 */
final class RollingRestart implements Drill {

    @Override
    public String name() {
        return "rolling-restart";
    }

    @Override
    public int defaultTasks() {
        return 500;
    }

    @Override
    public void inject(DrillContext drill) throws Exception {
        long point = drill.share(0.1 + 0.3 * drill.random().nextDouble());
        var at = drill.awaitProgress(p -> p.dueTasks() >= point, Duration.ofMinutes(3));
        restart(drill.stack().schedule(0), at);
        long later = drill.share(0.1 + 0.3 * drill.random().nextDouble());
        at = drill.awaitProgress(p -> p.notifications() / 2 >= later, Duration.ofMinutes(3));
        restart(drill.stack().notify(0), at);
    }

    private static void restart(ServiceReplica replica, Object at) throws InterruptedException {
        long started = System.nanoTime();
        boolean clean = replica.process().terminate();
        DrillContext.log("SIGTERM " + replica.process().name() + " at " + at + ": "
                + (clean ? "exited" : "killed after 30 s") + " in " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
        replica.process().start();
        replica.awaitReady();
    }
}
