package org.trialclock.notify.inbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How often the check runs is {@code trialclock.escalation.check-every} (a scheduler expression, default 1m). */
@ConfigMapping(prefix = "trialclock.escalation")
public interface EscalationConfig {
    /** An overdue task nobody acknowledged for this long goes to the team's escalation contact. */
    @WithDefault("24h")
    Duration after();
}
