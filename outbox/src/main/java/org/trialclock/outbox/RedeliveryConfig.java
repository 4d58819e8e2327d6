package org.trialclock.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How a consumer retries a record that failed (see {@link FailurePolicy} for which failures are retried). */
@ConfigMapping(prefix = "trialclock.redelivery")
public interface RedeliveryConfig {
    /** The first wait after a failed attempt; it doubles after each further failure. */
    @WithDefault("200ms")
    Duration initialBackoff();

    /** The longest wait between two attempts at a record whose database is away. */
    @WithDefault("30s")
    Duration maxBackoff();

    /** Attempts at a record failing with an error the policy does not know, before it is dead-lettered. */
    @WithDefault("5")
    int unexpectedAttempts();

    /**
     * On shutdown, how long the record being processed may take to finish before it is abandoned (not
     * acknowledged, so it is delivered again after the restart). Must be shorter than the pod's grace period.
     */
    @WithDefault("15s")
    Duration shutdownGrace();
}
