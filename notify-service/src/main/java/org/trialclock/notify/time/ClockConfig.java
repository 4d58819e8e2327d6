package org.trialclock.notify.time;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

@ConfigMapping(prefix = "trialclock.clock")
public interface ClockConfig {
    /**
     * Whether {@code /admin/clock} may move time. On in %dev and %test and for the local end-to-end run; off in
     * production, where the endpoint answers 404 as if it did not exist.
     */
    @WithDefault("false")
    boolean adjustable();

    /** The value callers must send in {@code X-Admin-Token}; without one configured, every call is refused. */
    Optional<String> adminToken();
}
