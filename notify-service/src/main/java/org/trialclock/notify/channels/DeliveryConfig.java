package org.trialclock.notify.channels;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "trialclock.delivery")
public interface DeliveryConfig {
    /** Attempts per notification, the first included; after the last failure it is FAILED. */
    @WithDefault("6")
    int maxAttempts();

    /** Wait before the second attempt; each later wait doubles, up to {@link #maxBackoff()}. */
    @WithDefault("30s")
    Duration initialBackoff();

    @WithDefault("30m")
    Duration maxBackoff();

    /** How often the sender looks for due notifications when no new alert woke it. */
    @WithDefault("1s")
    Duration pollInterval();

    /** Notifications claimed per round; they are delivered in parallel, so one slow receiver holds up only its round. */
    @WithDefault("8")
    int batchSize();

    /**
     * How long a claimed notification stays reserved for the replica that claimed it; if that replica dies
     * mid-send, another retries after this. Longer than a webhook timeout plus an SMTP send.
     */
    @WithDefault("2m")
    Duration lease();

    /** How long one email may take to hand to the SMTP server before the attempt counts as failed. */
    @WithDefault("30s")
    Duration emailTimeout();

    /** Connect and response timeout of a webhook post. */
    @WithDefault("10s")
    Duration webhookTimeout();
}
