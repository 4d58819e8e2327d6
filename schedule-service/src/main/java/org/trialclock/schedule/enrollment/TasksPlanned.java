package org.trialclock.schedule.enrollment;

/**
 * Fired, inside the transaction, after an enrollment's tasks were stored or changed: whoever moves tasks
 * through time (the dispatcher) works out what happens next to them before the transaction commits. {@code tasks}
 * are all the enrollment's tasks, new ones not yet flushed: what is set on them goes into their INSERT.
 */
public record TasksPlanned(Enrollment enrollment, java.util.List<Task> tasks) {
}
