package org.trialclock.notify.inbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "trialclock.inbox")
public interface InboxConfig {
    /** A planned task due within this many days is "upcoming" in the team's inbox. */
    @WithDefault("14")
    int upcomingDays();

    /**
     * The local time at the site a task falls due, as schedule-service's {@code trialclock.dispatch.due-time}
     * (keep the two equal): the inbox page shows it in the site's zone.
     */
    @WithDefault("08:00")
    java.time.LocalTime dueTime();

    /**
     * Where people open the inbox page (this service's {@code /inbox}, as the browser reaches it: the ingress's
     * https address in production). Emails link to the task there, not to an API path.
     */
    @WithDefault("http://localhost:8081/inbox")
    String pageUrl();
}
