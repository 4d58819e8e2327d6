package org.trialclock.schedule.planning;

import java.time.LocalDate;
import org.trialclock.schedule.protocol.Activity;

/**
 * One occurrence of an activity: cycle 3 of blinatumomab, the DLI, the second follow-up visit.
 * {@code planned} is day 1 as the protocol counts it, before any hold or recorded date;
 * {@code due} is the planned day 1 (moved by a released hold); {@code start} is the real day 1 once recorded,
 * else the planned day 1 before any hold;
 * {@code end} is the last day (the same as start for a single-day activity);
 * {@code waits} says which unrecorded event its date is counted from (null when it counts from known dates only).
 */
record Occurrence(Activity activity, int n, Integer cycle, LocalDate planned, LocalDate due, LocalDate start, LocalDate end,
                  GateCheck gate, String waits) {

    /** A gate as evaluated for this occurrence, with the status it gives an open task. */
    record GateCheck(Gate gate, TaskStatus status, String reason) {}
}
