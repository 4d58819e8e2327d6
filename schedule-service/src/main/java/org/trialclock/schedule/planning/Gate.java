package org.trialclock.schedule.planning;

/**
 * A condition the task waits on, as it stands now. {@code state}: OPEN (met), PENDING (no result yet),
 * HELD (not met now; the task is ON_HOLD), FAILED (can no longer be met; the task is CANCELLED).
 * {@code source} says whether the rule is from the registry text or a default.
 */
public record Gate(String rule, String state, String reason, String source) {

    public static final String OPEN = "OPEN";
    public static final String PENDING = "PENDING";
    public static final String HELD = "HELD";
    public static final String FAILED = "FAILED";
}
