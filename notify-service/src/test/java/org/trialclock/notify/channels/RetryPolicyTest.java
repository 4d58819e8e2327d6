package org.trialclock.notify.channels;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(6, Duration.ofSeconds(30), Duration.ofMinutes(2));

    @Test
    void waits_double_after_each_failure_up_to_the_cap_then_give_up_after_the_last_attempt() {
        assertThat(policy.nextWait(1)).contains(Duration.ofSeconds(30));
        assertThat(policy.nextWait(2)).contains(Duration.ofSeconds(60));
        assertThat(policy.nextWait(3)).contains(Duration.ofSeconds(120));
        assertThat(policy.nextWait(4)).contains(Duration.ofMinutes(2));
        assertThat(policy.nextWait(5)).contains(Duration.ofMinutes(2));
        assertThat(policy.nextWait(6)).isEqualTo(Optional.empty());
    }
}
