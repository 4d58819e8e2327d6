package org.trialclock.audit;

/** What a state change was. Both services' actions, so one audit table reads the same in either database. */
public enum AuditAction {
    // schedule-service: enrollments
    ENROLLED, SCREEN_FAILED, TAKEN_OFF_STUDY, BACK_ON_STUDY,
    // schedule-service: clinical events
    EVENT_RECORDED, EVENT_CORRECTED, EVENT_WITHDRAWN,
    // schedule-service: task transitions (planner and dispatcher)
    TASK_PLANNED, TASK_RESCHEDULED, TASK_HELD, TASK_REMINDED, TASK_DUE, TASK_OVERDUE, TASK_DONE, TASK_CANCELLED,
    // schedule-service: a completion from notify-service applied to the schedule
    COMPLETION_APPLIED,
    // notify-service
    TASK_ACKNOWLEDGED, COMPLETION_RECORDED, CARE_TEAM_CHANGED, ALERT_RESENT,
    // both: secret calendar feed addresses
    FEED_TOKEN_CREATED, FEED_TOKEN_REVOKED
}
