package org.trialclock.notify.channels;

/** How a notification reaches a person. The team inbox and its live stream are not per person, so not here. */
public enum Channel {
    EMAIL, WEBHOOK
}
