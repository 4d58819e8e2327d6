package org.trialclock.notify.inbox;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Dates as the site reads them: the page and the emails say a task's day and due time in the site's zone. */
final class SiteTime {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

    private SiteTime() {
    }

    static ZoneId zone(String timezone) {
        return timezone == null ? ZoneOffset.UTC : ZoneId.of(timezone);
    }

    /** "Fri 13 Mar 2026, 08:00 (Asia/Shanghai)": the due date at the site's due time, or "" without a date. */
    static String due(LocalDate due, LocalTime dueTime, ZoneId zone) {
        if (due == null) {
            return "";
        }
        ZonedDateTime at = due.atTime(dueTime).atZone(zone);
        return DAY.format(at) + ", " + TIME.format(at) + " (" + zone.getId() + ")";
    }

    /** "Wed 11 Mar 2026 to Wed 18 Mar 2026", or "" without a window. */
    static String window(LocalDate start, LocalDate end) {
        return start == null || end == null ? "" : DAY.format(start) + " to " + DAY.format(end);
    }

    static String day(LocalDate date) {
        return date == null ? "" : DAY.format(date);
    }
}
