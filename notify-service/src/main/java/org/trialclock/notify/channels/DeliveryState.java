package org.trialclock.notify.channels;

/**
 * Where a notification stands. PENDING until delivered (SENT). UNCERTAIN after a send that timed out: it may have
 * arrived, so it is sent again with the same delivery id, which the receiver dedupes. FAILED when it could not be
 * delivered within {@link DeliveryConfig#retryFor()}: the team's escalation contact is told, and an operator can
 * re-send it.
 */
public enum DeliveryState {
    PENDING, UNCERTAIN, SENT, FAILED;

    /** States the courier still works on. */
    public boolean inProgress() {
        return this == PENDING || this == UNCERTAIN;
    }
}
