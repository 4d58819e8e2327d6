package org.trialclock.notify.channels;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When to try a failed delivery again: exponential backoff from an initial wait, capped, until the notification's
 * retry period ends; one last attempt is made at its end. Pure, so the schedule can be tested without a clock.
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff) {

    static RetryPolicy of(DeliveryConfig config) {
        return new RetryPolicy(config.initialBackoff(), config.maxBackoff());
    }

    /**
     * The time of the next attempt after {@code attemptsSoFar} unsuccessful ones, the last at {@code now}, or empty
     * when {@code retryUntil} has come: time to give up.
     */
    public Optional<Instant> nextAttempt(int attemptsSoFar, Instant now, Instant retryUntil) {
        if (!now.isBefore(retryUntil)) {
            return Optional.empty();
        }
        Instant next = now.plus(wait(attemptsSoFar));
        return Optional.of(next.isAfter(retryUntil) ? retryUntil : next);
    }

    /** The wait after {@code attemptsSoFar} failures: initial, doubled each time, never above the cap. */
    public Duration wait(int attemptsSoFar) {
        Duration wait = initialBackoff;
        for (int i = 1; i < attemptsSoFar && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
