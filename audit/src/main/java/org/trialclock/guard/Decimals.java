package org.trialclock.guard;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;

/**
 * The decimals the services take: finite, below 10^12 in size, at most 12 decimals. Anything wider is a typing
 * mistake or an attack: {@code 1e-1000000000} is a valid JSON number whose plain form is a billion characters, and
 * the dose text, the MRD readings and the alerts all print numbers in plain form. Each field adds its own range.
 * Checked on the scale and precision alone, so no check ever expands the number it looks at.
 */
public final class Decimals {
    public static final int MAX_INTEGER_DIGITS = 12;
    public static final int MAX_DECIMALS = 12;
    /** Characters of a number written as text; longer is refused before it is parsed. */
    public static final int MAX_TEXT_LENGTH = 40;
    public static final String RULE = "a number below 10^" + MAX_INTEGER_DIGITS + " with at most " + MAX_DECIMALS
            + " decimals";

    private Decimals() {
    }

    /** Why a parsed decimal is out of bounds, if it is. */
    public static Optional<String> problem(BigDecimal value) {
        if (value == null) {
            return Optional.empty();
        }
        // digits before the point: precision - scale, in long so that a scale near Integer.MIN_VALUE cannot wrap
        long integerDigits = (long) value.precision() - value.scale();
        if (integerDigits > MAX_INTEGER_DIGITS) {
            return Optional.of("must be " + RULE);
        }
        // a written-out number of MAX_TEXT_LENGTH characters has fewer decimals than that: a larger scale came from
        // an exponent, and for a zero ("0e-1000000000") stripping the zeros would hide a billion-digit plain form
        if (value.scale() > MAX_TEXT_LENGTH
                || (value.scale() > MAX_DECIMALS && value.stripTrailingZeros().scale() > MAX_DECIMALS)) {
            return Optional.of("must be " + RULE);
        }
        return Optional.empty();
    }

    /**
     * A JSON value read without a target type (a map's value: Integer, Long, BigInteger, Double, BigDecimal) or a
     * number sent as text, as an exact decimal within {@link #RULE}; empty with a reason otherwise.
     */
    public static Reading read(Object value) {
        BigDecimal decimal;
        if (value instanceof BigDecimal d) {
            decimal = d;
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            decimal = BigDecimal.valueOf(((Number) value).longValue());
        } else if (value instanceof BigInteger i) {
            decimal = new BigDecimal(i);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                return Reading.refused("must be " + RULE + " (got a number too large to read)");
            }
            decimal = BigDecimal.valueOf(d);
        } else if (value instanceof String text) {
            String trimmed = text.trim();
            if (trimmed.length() > MAX_TEXT_LENGTH) {
                return Reading.refused("must be " + RULE);
            }
            try {
                decimal = new BigDecimal(trimmed);
            } catch (NumberFormatException e) {
                return Reading.refused("must be a number, got '" + (trimmed.length() > 20 ? trimmed.substring(0, 20)
                        + "..." : trimmed) + "'");
            }
        } else {
            return Reading.refused("must be a number");
        }
        return problem(decimal).map(Reading::refused).orElseGet(() -> new Reading(decimal, null));
    }

    /** A decimal, or why there is none. */
    public record Reading(BigDecimal value, String problem) {
        static Reading refused(String problem) {
            return new Reading(null, problem);
        }

        public boolean ok() {
            return problem == null;
        }
    }
}
