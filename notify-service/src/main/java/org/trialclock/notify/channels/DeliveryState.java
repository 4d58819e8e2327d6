package org.trialclock.notify.channels;

/** PENDING until delivered (SENT) or given up after the last allowed attempt (FAILED). */
public enum DeliveryState {
    PENDING, SENT, FAILED
}
