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

    /**
     * The largest event payload the outbox accepts, in bytes (UTF-8): a last line behind the REST size limits,
     * kept well under the producer's {@code max.request.size} (1 MiB) so an accepted event can be sent.
     */
    @WithDefault("262144")
    int maxPayloadBytes();

    /** How often the outbox meters ({@code trialclock_outbox_*}) are read from the table. */
    @WithDefault("5s")
    Duration meterRefresh();

    /**
     * Sent outbox rows and processed-event ids older than this are deleted. Keep it longer than the topics'
     * retention (7 days by default), so an event can never come back after its id was forgotten.
     */
    @WithDefault("14d")
    Duration retention();

    /** How often the retention prune runs. */
    @WithDefault("1h")
    Duration pruneEvery();
}
