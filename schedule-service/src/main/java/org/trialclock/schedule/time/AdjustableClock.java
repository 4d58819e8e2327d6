package org.trialclock.schedule.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The service's one clock: the system clock plus an offset that only tests and demos move (see ClockResource).
 * In production the offset stays zero because the endpoint that moves it does not exist there.
 */
public final class AdjustableClock extends Clock {
    private final Clock system;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public AdjustableClock(Clock system) {
        this.system = system;
    }

    public Duration offset() {
        return offset.get();
    }

    public Instant advance(Duration by) {
        offset.accumulateAndGet(by, Duration::plus);
        return instant();
    }

    /** Back to the system's time. */
    public void reset() {
        offset.set(Duration.ZERO);
    }

    /** Moves the clock so that now is {@code target}; two processes set to the same instant agree. */
    public Instant set(Instant target) {
        offset.set(Duration.between(system.instant(), target));
        return instant();
    }

    @Override
    public Instant instant() {
        return system.instant().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return AdjustableClock.this.withZone(other);
            }

            @Override
            public Instant instant() {
                return AdjustableClock.this.instant();
            }
        };
    }
}
