package org.trialclock.bench.drill;

import java.time.Duration;

/** Drill 3: the Kafka broker is stopped (SIGTERM) mid-burst, stays down 20 s, and is started again on its data. */
final class BrokerRestart implements Drill {
    private static final Duration DOWN = Duration.ofSeconds(20);

    @Override
    public String name() {
        return "broker-restart";
    }

    @Override
    public int defaultTasks() {
        return 500;
    }

    @Override
    public void inject(DrillContext drill) throws Exception {
        long point = drill.share(0.1 + 0.4 * drill.random().nextDouble());
        var at = drill.awaitProgress(p -> p.dueRelayed() >= point, Duration.ofMinutes(3));
        drill.stack().kafka().terminate();
        DrillContext.log("broker stopped at " + at);
        Thread.sleep(DOWN.toMillis()); // the outage itself: its length is the point of the drill
        drill.stack().restartKafka();
        DrillContext.log("broker back after " + DOWN.toSeconds() + " s");
    }
}
