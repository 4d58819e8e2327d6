package org.trialclock.notify.inbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "trialclock.escalation")
public interface EscalationConfig {
    /** An overdue task nobody acknowledged for this long goes to the team's escalation contact. */
    @WithDefault("24h")
    Duration after();

    /** How often the check runs (read by the scheduler of {@link Escalation}); the delay is at most this late. */
    @WithDefault("1m")
    Duration checkEvery();
}
