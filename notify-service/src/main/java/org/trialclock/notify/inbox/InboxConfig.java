package org.trialclock.notify.inbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "trialclock.inbox")
public interface InboxConfig {
    /** A planned task due within this many days is "upcoming" in the team's inbox. */
    @WithDefault("14")
    int upcomingDays();
}
