package org.trialclock.schedule.planning;

/** The enrollment (or its events) cannot be planned; {@code field} names the input, {@code reason} says why. */
public class EnrollmentRefused extends RuntimeException {

    private final String field;
    private final String reason;

    public EnrollmentRefused(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
