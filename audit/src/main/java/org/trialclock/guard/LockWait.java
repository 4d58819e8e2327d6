package org.trialclock.guard;

import java.sql.SQLException;

/**
 * A statement that gave up waiting for a row lock ({@code lock_timeout}: SQLSTATE 55P03 lock_not_available, or the
 * 57014 query cancel whose message names the lock timeout). Another request holds the patient's schedule for a moment; the
 * same request a second later succeeds, so the answer is a 503 with {@code Retry-After}, never a 500. The
 * transaction rolled back: nothing of the request is stored.
 */
public final class LockWait {
    /** Seconds a client waits before trying again: the test lock_timeout is 1 s, production's 10 s. */
    public static final int RETRY_AFTER_SECONDS = 2;

    private LockWait() {
    }

    public static boolean in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.equals("55P03") || (state.equals("57014") && String.valueOf(sql.getMessage())
                        .contains("lock timeout"))) {
                    return true;
                }
            }
            String name = t.getClass().getName();
            if (name.equals("jakarta.persistence.LockTimeoutException")
                    || name.equals("org.hibernate.exception.LockTimeoutException")) {
                return true;
            }
        }
        return false;
    }
}
