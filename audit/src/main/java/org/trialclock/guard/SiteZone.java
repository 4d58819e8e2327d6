package org.trialclock.guard;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * A site's time zone: an IANA region id such as {@code Asia/Shanghai} or {@code Europe/Berlin}, never a fixed
 * offset. A hospital keeps the civil time of its region; {@code +01:00}, {@code UTC+8} or {@code Etc/GMT-1} would be
 * right for half the year and an hour off (and a task's "today" a day off around midnight) for the other half.
 * {@code UTC} and {@code Etc/UTC} are refused for the same reason: no ward works in UTC, and a site entered as UTC
 * is one whose region nobody looked up.
 */
public final class SiteZone {
    public static final String RULE = "an IANA region time zone such as Asia/Shanghai or Europe/Berlin (not an offset"
            + " such as +01:00, UTC+8 or UTC)";

    private SiteZone() {
    }

    /** The zone, or why the id is not a region the services take. */
    public static Optional<String> problem(String id) {
        if (id == null || id.isBlank()) {
            return Optional.of("is required (" + RULE + ")");
        }
        String shown = id.length() > 40 ? id.substring(0, 40) + "..." : id;
        ZoneId zone;
        try {
            zone = ZoneId.of(id);
        } catch (DateTimeException e) {
            return Optional.of("'" + shown + "' is not an IANA time zone; use " + RULE);
        }
        if (zone instanceof ZoneOffset || zone.getRules().isFixedOffset() || !ZoneId.getAvailableZoneIds().contains(id)) {
            return Optional.of("'" + shown + "' is a fixed offset; use " + RULE);
        }
        return Optional.empty();
    }
}
