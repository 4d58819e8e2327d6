package org.trialclock.guard;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A date a person enters (an anchor, a clinical event, a completion): {@code YYYY-MM-DD}, a real calendar day,
 * from 1900-01-01 to 2200-12-31. ISO 8601 also allows {@code +999999999-12-31} and {@code 0000-01-01}; every date
 * the planner counts from is moved by days and months, and near the ends of {@link LocalDate}'s range that throws
 * instead of planning, so the range is that of a patient's lifetime and follow-up, with room either side.
 */
public final class CalendarDate {
    public static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    public static final LocalDate LATEST = LocalDate.of(2200, 12, 31);
    private static final Pattern SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final DateTimeFormatter STRICT = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);

    private CalendarDate() {
    }

    /** The date, or why the text is not one the services take. */
    public static Reading read(String value) {
        if (value == null || value.isBlank()) {
            return new Reading(null, "a date (YYYY-MM-DD) is required");
        }
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        if (!SHAPE.matcher(value).matches()) {
            return new Reading(null, "'" + shown + "' is not a calendar date (YYYY-MM-DD)");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value, STRICT);
        } catch (DateTimeParseException e) {
            return new Reading(null, "'" + shown + "' is not a calendar date (YYYY-MM-DD)");
        }
        return problem(date).map(p -> new Reading(null, p)).orElseGet(() -> new Reading(date, null));
    }

    /** Why a parsed date is outside 1900-01-01..2200-12-31, if it is. */
    public static Optional<String> problem(LocalDate date) {
        if (date != null && (date.isBefore(EARLIEST) || date.isAfter(LATEST))) {
            return Optional.of(date + " is outside " + EARLIEST + " to " + LATEST);
        }
        return Optional.empty();
    }

    /** A date, or why there is none. */
    public record Reading(LocalDate value, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }
}
