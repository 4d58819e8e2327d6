package org.trialclock.bench.drill;

import org.trialclock.bench.stack.PostgresCluster;

import java.time.Duration;

/**
 * Drill 4: the PostgreSQL cluster both services use is restarted mid-burst ({@code pg_ctlcluster ... restart},
 * fast mode: every connection is cut), as a failover does.
 */
final class PostgresRestart implements Drill {

    @Override
    public String name() {
        return "postgres-restart";
    }

    @Override
    public int defaultTasks() {
        return 500;
    }

    @Override
    public void inject(DrillContext drill) throws Exception {
        PostgresCluster cluster = PostgresCluster.serving(drill.stack().settings().pgPort());
        long point = drill.share(0.1 + 0.4 * drill.random().nextDouble());
        var at = drill.awaitProgress(p -> p.notifications() / 2 >= point, Duration.ofMinutes(3));
        long started = System.nanoTime();
        cluster.restart();
        DrillContext.log("PostgreSQL " + cluster + " restarted at " + at + " in "
                + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
    }
}
