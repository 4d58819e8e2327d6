package org.trialclock.schedule.dispatch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.time.LocalTime;

@ConfigMapping(prefix = "trialclock.dispatch")
public interface DispatchConfig {
    /** Site-local time at which a task becomes due on its due date (PROTOCOLS.md default 08:00). */
    @WithDefault("08:00")
    LocalTime dueTime();

    /** Tasks claimed and moved per transaction. */
    @WithDefault("200")
    int batchSize();

    /**
     * The longest the dispatcher sleeps before looking again. It otherwise sleeps until the next known transition,
     * and wakes at once when this process writes tasks or moves its clock; this bound covers tasks written by
     * another replica. One indexed min() query per interval is all it costs when nothing is due.
     */
    @WithDefault("1s")
    Duration maxSleep();

    /** How often {@code trialclock_dispatch_lag_seconds} is read from the task table. */
    @WithDefault("5s")
    Duration lagRefresh();

    /** Off for tests that drive {@link Dispatcher#dispatchBatch()} themselves. */
    @WithDefault("true")
    boolean enabled();
}
