package org.trialclock.guard;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;

import java.time.DateTimeException;
import java.util.Optional;

/**
 * A value that passed the field checks but that Java's date or number arithmetic still could not take: a date
 * moved past the end of the calendar, an overflow, a number that is not one. Each field has its own bounds
 * ({@link CalendarDate}, {@link Decimals}); this is the net under them, so such a request is a 400 and never a
 * 500. The transaction rolled back: nothing of it is stored.
 */
public final class ValueFault {
    private ValueFault() {
    }

    /** The reason, if such a failure is anywhere in the cause chain. */
    public static Optional<String> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DateTimeException) {
                return Optional.of("a date in the request is out of range (dates run from " + CalendarDate.EARLIEST
                        + " to " + CalendarDate.LATEST + ")");
            }
            if (t instanceof ArithmeticException || t instanceof NumberFormatException) {
                return Optional.of("a number in the request is out of range (" + Decimals.RULE + ")");
            }
            if (t instanceof StreamConstraintsException) {
                return Optional.of(JsonLimits.RULE);
            }
        }
        return Optional.empty();
    }
}
