package org.trialclock.audit;

import jakarta.enterprise.context.RequestScoped;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The id of the HTTP request being served: the caller's {@code X-Request-Id} when it is a plain token (so a
 * gateway's or client's id links their logs with the audit trail), otherwise a fresh UUID. Echoed on the response.
 */
@RequestScoped
public class RequestId {
    public static final String HEADER = "X-Request-Id";
    /** Anything else (too long, control characters, markup) is replaced, never stored or echoed. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private String value;

    /** Null outside an HTTP request (a consumer, a scheduler, a test calling a bean directly). */
    public String value() {
        return value;
    }

    static String accept(String header) {
        return header != null && SAFE.matcher(header).matches() ? header : UUID.randomUUID().toString();
    }

    public void set(String value) {
        this.value = value;
    }
}
