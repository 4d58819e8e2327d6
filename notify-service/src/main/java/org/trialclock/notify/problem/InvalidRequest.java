package org.trialclock.notify.problem;

import java.util.List;

/**
 * A request the service refuses, with the HTTP status and every field at fault. Thrown before anything is
 * written, so a refusal changes nothing.
 */
public class InvalidRequest extends RuntimeException {
    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;

    public InvalidRequest(int status, String title, List<Problem.FieldError> errors) {
        super(title + ": " + errors);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static InvalidRequest field(int status, String title, String field, String reason) {
        return new InvalidRequest(status, title, List.of(new Problem.FieldError(field, reason)));
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
