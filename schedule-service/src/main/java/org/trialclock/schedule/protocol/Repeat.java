package org.trialclock.schedule.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Every 3 months, 4 times": each occurrence is counted from the previous one's day 1 (its recorded date once
 * done), until {@code times} occurrences, the {@code until} date, or the {@code stopWhen} condition.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Repeat(String every, Integer times, Offset until, StopWhen stopWhen, String source, String quote) {

    private static final Pattern EVERY = Pattern.compile("(\\d+) (day|days|week|weeks|month|months)");

    /** The next occurrence; months are calendar months, clamped to the month's end (Jan 31 + 3 months = Apr 30). */
    public LocalDate next(LocalDate previous) {
        Matcher m = EVERY.matcher(every);
        if (!m.matches()) {
            throw new IllegalStateException("unchecked repeat interval: " + every);
        }
        int amount = Integer.parseInt(m.group(1));
        return switch (m.group(2)) {
            case "day", "days" -> previous.plusDays(amount);
            case "week", "weeks" -> previous.plusWeeks(amount);
            default -> previous.plusMonths(amount);
        };
    }

    /** Ends a repeat early: once the anchor is known, or once the clinical event is recorded. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StopWhen(String anchor, String event) {}
}
