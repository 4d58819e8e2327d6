package org.trialclock.schedule.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A condition the patient must meet before a task may go ahead.
 * <ul>
 *   <li>{@code GVHD_FREE}: acute GVHD of grade {@code cancelAtAcuteGrade} or worse at any time cancels the task;
 *   active acute or chronic GVHD holds it until an assessment records none.</li>
 *   <li>{@code MRD_NEGATIVE}: the latest MRD result dated on or after {@code resultsFrom} must be negative;
 *   a positive one holds the task.</li>
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GateRule(String rule, Integer cancelAtAcuteGrade, Offset resultsFrom, String source, String quote) {

    public static final String GVHD_FREE = "GVHD_FREE";
    public static final String MRD_NEGATIVE = "MRD_NEGATIVE";
}
