package org.trialclock.schedule.time;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

@ConfigMapping(prefix = "trialclock.clock")
public interface ClockConfig {
    /** Whether {@code /admin/clock} may move time: only in %dev and %test, never in production. */
    @WithDefault("false")
    boolean adjustable();

    /** The token {@code /admin/clock} requires in header {@code X-Admin-Token}; without one it refuses everything. */
    Optional<String> adminToken();
}
