package org.trialclock.schedule.enrollment;

/**
 * Fired, inside the transaction, after an enrollment's tasks were stored or changed: whoever moves tasks
 * through time (the dispatcher) works out what happens next to them before the transaction commits.
 */
public record TasksPlanned(Enrollment enrollment) {
}
