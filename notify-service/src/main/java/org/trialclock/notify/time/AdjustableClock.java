package org.trialclock.notify.time;

import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one clock of the service: the system clock plus an offset. The offset stays zero in production; tests and the
 * local end-to-end run move it forward (see {@link ClockResource}) to reach a reminder, a due date or an overdue
 * window without waiting days. Views in other zones ({@link #withZone}) share the offset, so a site-local date
 * moves with it.
 */
@Singleton
public class AdjustableClock extends Clock {
    private final Clock system;
    private final AtomicReference<Duration> offset;

    public AdjustableClock() {
        this(Clock.systemUTC(), new AtomicReference<>(Duration.ZERO));
    }

    private AdjustableClock(Clock system, AtomicReference<Duration> offset) {
        this.system = system;
        this.offset = offset;
    }

    /** Moves time forward; never back, so nothing already sent or escalated can become "not yet due" again. */
    public Instant advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: " + by);
        }
        offset.accumulateAndGet(by, Duration::plus);
        return instant();
    }

    public Duration offset() {
        return offset.get();
    }

    @Override
    public ZoneId getZone() {
        return system.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return zone.equals(system.getZone()) ? this : new AdjustableClock(system.withZone(zone), offset);
    }

    @Override
    public Instant instant() {
        return system.instant().plus(offset.get());
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }

    @Override
    public String toString() {
        return "AdjustableClock[" + system + " + " + offset.get() + "]";
    }
}
