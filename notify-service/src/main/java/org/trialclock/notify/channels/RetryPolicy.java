package org.trialclock.notify.channels;

import java.time.Duration;
import java.util.Optional;

/**
 * When to try a failed delivery again: exponential backoff from an initial wait, capped, for a bounded number of
 * attempts. Pure, so the schedule can be tested without a clock.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    static RetryPolicy of(DeliveryConfig config) {
        return new RetryPolicy(config.maxAttempts(), config.initialBackoff(), config.maxBackoff());
    }

    /** The wait before the next attempt after {@code attemptsSoFar} failures, or empty when it is time to give up. */
    public Optional<Duration> nextWait(int attemptsSoFar) {
        if (attemptsSoFar >= maxAttempts) {
            return Optional.empty();
        }
        Duration wait = initialBackoff;
        for (int i = 1; i < attemptsSoFar && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return Optional.of(wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait);
    }
}
