package org.trialclock.guard;

import java.sql.SQLException;
import java.util.Optional;

/**
 * A value PostgreSQL cannot store or compare, found only when the statement runs: a NUL character in a text or
 * JSON value, a number out of the column's range (SQLSTATE class 22, data exception). It is the request's fault,
 * so a 400, not a 500; the transaction rolled back, so nothing of it is stored. Found by the fuzz tests.
 */
public final class DataFault {
    private DataFault() {
    }

    /** The reason, if a data exception is anywhere in the cause chain. */
    public static Optional<String> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                return Optional.of("a value in the request cannot be stored (a NUL character, or a number out of"
                        + " range)");
            }
        }
        return Optional.empty();
    }
}
