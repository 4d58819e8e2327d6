package org.trialclock.schedule.planning;

/** The planner emits PLANNED, COMPLETED, ON_HOLD, CANCELLED and PRE_ENROLLMENT; DUE and OVERDUE are the dispatcher's. */
public enum TaskStatus {
    PLANNED, DUE, OVERDUE, COMPLETED, ON_HOLD, CANCELLED, PRE_ENROLLMENT
}
