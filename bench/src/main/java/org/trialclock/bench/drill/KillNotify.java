package org.trialclock.bench.drill;

import org.trialclock.bench.stack.ServiceReplica;

import java.time.Duration;

/**
 * Drill 2: notify-service is killed with SIGKILL at a random point while it consumes the burst (drill 1's 20,000
 * tasks), then started again.
 */
final class KillNotify implements Drill {

    @Override
    public String name() {
        return "kill-notify";
    }

    @Override
    public int defaultTasks() {
        return KillSchedule.BURST;
    }

    @Override
    public void inject(DrillContext drill) throws Exception {
        long point = drill.share(0.1 + 0.5 * drill.random().nextDouble());
        ServiceReplica notify = drill.stack().notify(0);
        var at = drill.awaitProgress(p -> p.notifications() / 2 >= point, Duration.ofMinutes(3));
        notify.process().kill();
        DrillContext.log("SIGKILL notify-service at " + at);
        notify.process().start();
        notify.awaitReady();
    }
}
