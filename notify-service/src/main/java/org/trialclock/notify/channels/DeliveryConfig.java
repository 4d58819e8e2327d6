package org.trialclock.notify.channels;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "trialclock.delivery")
public interface DeliveryConfig {
    /**
     * How long a notification is tried before it is FAILED and the escalation contact is told, counted from when the
     * alert was raised (or re-sent by an operator). A day covers an SMTP or receiver outage over a night.
     */
    @WithDefault("24h")
    Duration retryFor();

    /** Wait before the second attempt; each later wait doubles, up to {@link #maxBackoff()}. */
    @WithDefault("30s")
    Duration initialBackoff();

    /** The longest wait between attempts: once a receiver is back, its alerts go out within this. */
    @WithDefault("5m")
    Duration maxBackoff();

    /** How often the sender looks for due notifications when no new alert or finished send woke it. */
    @WithDefault("1s")
    Duration pollInterval();

    /**
     * Sends in flight at once, over all destinations (threads blocked on I/O, so cheap): four times
     * {@link #perDestination()}, so it takes four hanging receivers to hold every sender.
     */
    @WithDefault("128")
    int senders();

    /**
     * Sends in flight at once to one destination (the SMTP relay, or one webhook host): a slow or hanging receiver
     * holds at most this many senders while every other destination's alerts go out. Every email goes to the
     * one relay, so this is also how many emails are handed over at once. A round claims at most this many per
     * destination, so it also bounds one receiver's alerts per second (32 per round: the bench's webhook at
     * 8 took about 190 alerts/s while 45,000 waited).
     */
    @WithDefault("32")
    int perDestination();

    /**
     * How long a claimed notification stays reserved for the replica that claimed it; if that replica dies
     * mid-send, another retries after this. Longer than a webhook timeout plus an SMTP send.
     */
    @WithDefault("2m")
    Duration lease();

    /**
     * How long one email may take to hand to the SMTP server. Past it the send is UNCERTAIN (the server may have
     * taken it) and is sent again later with the same Message-ID.
     */
    @WithDefault("30s")
    Duration emailTimeout();

    /**
     * Connect and response timeout of a webhook post. No connection is a failed attempt; no answer is UNCERTAIN
     * (the receiver may have acted on it) and the post is sent again with the same {@code webhook-id}.
     */
    @WithDefault("10s")
    Duration webhookTimeout();

    /** On shutdown, how long sends in flight may finish and be recorded before they are abandoned to their lease. */
    @WithDefault("10s")
    Duration shutdownGrace();

    /** Delivery attempts older than this are deleted; longer than any topic's retention (28 days at most). */
    @WithDefault("90d")
    Duration attemptsRetention();

    /** How often old delivery attempts are pruned. */
    @WithDefault("1h")
    Duration pruneEvery();

    /** How often the notifications-by-state gauge is recounted. */
    @WithDefault("15s")
    Duration countEvery();
}
