package org.trialclock.schedule.time;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The one clock of the service, injected as {@link Clock} everywhere. Nothing else calls {@code now()} without
 * it, so tests (and the admin endpoint where allowed) can move time.
 */
@ApplicationScoped
public class ClockProducer {
    @Produces
    @Singleton
    AdjustableClock clock() {
        return new AdjustableClock(Clock.systemUTC());
    }
}
