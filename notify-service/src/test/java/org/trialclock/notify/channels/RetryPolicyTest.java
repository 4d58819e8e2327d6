package org.trialclock.notify.channels;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(30), Duration.ofMinutes(5));
    private final Instant raised = Instant.parse("2026-03-12T00:00:00Z");
    private final Instant retryUntil = raised.plus(Duration.ofHours(24));

    @Test
    void waits_double_after_each_failure_up_to_the_cap() {
        assertThat(policy.wait(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.wait(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.wait(3)).isEqualTo(Duration.ofSeconds(120));
        assertThat(policy.wait(4)).isEqualTo(Duration.ofSeconds(240));
        assertThat(policy.wait(5)).isEqualTo(Duration.ofMinutes(5));
        assertThat(policy.wait(500)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void a_notification_is_not_given_up_after_the_sixth_attempt_but_only_when_its_day_is_over() {
        // the old policy gave up after 6 attempts, about 16 minutes: a night's SMTP outage lost every alert
        Instant afterSixteenMinutes = raised.plus(Duration.ofMinutes(16));
        assertThat(policy.nextAttempt(6, afterSixteenMinutes, retryUntil)).contains(afterSixteenMinutes.plus(Duration.ofMinutes(5)));
        Instant nearlyADay = retryUntil.minus(Duration.ofMinutes(1));
        assertThat(policy.nextAttempt(290, nearlyADay, retryUntil)).contains(retryUntil); // one last try at the end
        assertThat(policy.nextAttempt(291, retryUntil, retryUntil)).isEmpty();
        assertThat(policy.nextAttempt(1, retryUntil.plusSeconds(1), retryUntil)).isEmpty();
    }
}
