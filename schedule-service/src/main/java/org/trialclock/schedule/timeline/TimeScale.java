package org.trialclock.schedule.timeline;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Where a date sits on the picture: linear through the treatment phase, then compressed, so that a five-year
 * follow-up still fits beside a two-week infusion that must be legible day by day. A date maps to the left edge
 * of its day; a day spans {@link #pxPerDay(LocalDate)}.
 *
 * @param start          the first date drawn (left edge of the plot)
 * @param x0             x of {@code start}
 * @param pxPerDay       width of one day in the treatment phase
 * @param compressAfter  the first date of the compressed part (null when nothing comes after the treatment)
 * @param compressedPxPerDay width of one day after {@code compressAfter}
 * @param end            the day after the last date drawn (right edge of the plot)
 */
record TimeScale(LocalDate start, double x0, double pxPerDay, LocalDate compressAfter, double compressedPxPerDay,
                 LocalDate end) {

    /** Below this the follow-up is not worth compressing: the plot stays linear to the end. */
    static final int MIN_COMPRESSED_DAYS = 90;

    /**
     * Fits {@code [start, end)} into {@code width} pixels from {@code x0}: the treatment phase (up to
     * {@code treatmentEnd}, exclusive) gets {@code linearShare} of the width when a long follow-up comes after it.
     */
    static TimeScale fit(LocalDate start, LocalDate treatmentEnd, LocalDate end, double x0, double width,
                         double linearShare) {
        long all = Math.max(1, ChronoUnit.DAYS.between(start, end));
        long treatment = ChronoUnit.DAYS.between(start, treatmentEnd);
        long after = all - treatment;
        if (treatment <= 0 || after < MIN_COMPRESSED_DAYS) {
            return new TimeScale(start, x0, width / all, null, width / all, end);
        }
        double linearWidth = width * linearShare;
        return new TimeScale(start, x0, linearWidth / treatment, treatmentEnd, (width - linearWidth) / after, end);
    }

    double x(LocalDate date) {
        if (compressAfter == null || !date.isAfter(compressAfter)) {
            return x0 + ChronoUnit.DAYS.between(start, date) * pxPerDay;
        }
        return breakX() + ChronoUnit.DAYS.between(compressAfter, date) * compressedPxPerDay;
    }

    /** x where the compressed part begins (the plot's right end when there is none). */
    double breakX() {
        return compressAfter == null ? Double.NaN : x0 + ChronoUnit.DAYS.between(start, compressAfter) * pxPerDay;
    }

    boolean compressed(LocalDate date) {
        return compressAfter != null && !date.isBefore(compressAfter);
    }

    double pxPerDay(LocalDate date) {
        return compressed(date) ? compressedPxPerDay : pxPerDay;
    }
}
