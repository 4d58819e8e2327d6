package org.trialclock.schedule.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A dated milestone the schedule counts from, with the day number it carries: a transplant is day 0,
 * a treatment start is day 1, so "day N" is {@code anchor + (N - day)} days.
 *
 * <p>Its date comes, in this order, from a recorded event ({@code recordedBy}), the enrollment, the first
 * qualifying blood count ({@code bloodCount}) or a planned offset ({@code plannedAt}); while none is known
 * the tasks counted from it are not planned.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Anchor(
        String name,
        String title,
        int day,
        boolean required,
        String recordedBy,
        Offset plannedAt,
        BloodCount bloodCount,
        String source,
        String quote) {}
