package org.trialclock.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "trialclock.relay")
public interface RelayConfig {
    /** Outbox rows claimed and published per transaction. */
    @WithDefault("200")
    int batchSize();

    /**
     * How often the relay looks for rows even when nobody woke it: rows written by another replica, or rows left
     * behind by a broker outage. A commit in this process wakes it at once.
     */
    @WithDefault("1s")
    Duration pollInterval();

    /** How long one batch may wait for the broker's acknowledgements before the batch is rolled back and retried. */
    @WithDefault("40s")
    Duration sendTimeout();
}
