package org.trialclock.notify.routing;

/** What a member does in the team; every role hears of every alert, the escalation contact also of escalations. */
public enum Role {
    NURSE, PHYSICIAN, COORDINATOR, PI, PHARMACIST
}
