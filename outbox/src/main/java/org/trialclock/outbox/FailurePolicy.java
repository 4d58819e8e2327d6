package org.trialclock.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.DateTimeException;
import java.util.Set;

/**
 * The one place a consumer's failure is judged: retry it, or dead-letter it. A database that is briefly away
 * (failover, restart, pool exhausted, a lock or serialization conflict) is {@link Verdict#TRANSIENT}: the record is
 * retried with backoff and keeps its place, however long that takes. Only a record that can never succeed is
 * {@link Verdict#POISON}. Anything else is {@link Verdict#UNEXPECTED}: retried a few times, since it may be a blip
 * nobody foresaw, then dead-lettered so one bug cannot stop a partition for good.
 */
public final class FailurePolicy {

    public enum Verdict { TRANSIENT, POISON, UNEXPECTED }

    /**
     * PostgreSQL SQLSTATEs that pass: connection exceptions (class 08), insufficient resources (53: too many
     * connections), operator intervention (57: admin shutdown, crash shutdown, cannot connect now, statement
     * cancelled), serialization failure and deadlock (40001, 40P01), lock not available (55P03: lock_timeout).
     */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "53", "57");
    private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "55P03");

    private FailurePolicy() {
    }

    public static Verdict judge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (isTransient(t)) {
                return Verdict.TRANSIENT;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PoisonRecord || t instanceof JsonProcessingException || t instanceof DateTimeException
                    || t instanceof IllegalArgumentException) {
                return Verdict.POISON;
            }
        }
        return Verdict.UNEXPECTED;
    }

    /** Why a poison record is dead-lettered, for the dead-letter header and the meter's tag. */
    public static PoisonRecord.Reason reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PoisonRecord poison) {
                return poison.reason();
            }
            if (t instanceof InvalidFormatException || t instanceof MismatchedInputException
                    || t instanceof DateTimeException) {
                return PoisonRecord.Reason.SCHEMA_INVALID;
            }
            if (t instanceof JsonProcessingException) {
                return PoisonRecord.Reason.UNPARSEABLE;
            }
        }
        // an IllegalArgumentException from the service: the content is refused (an unknown task, a missing field)
        return judge(failure) == Verdict.UNEXPECTED ? PoisonRecord.Reason.UNEXPECTED : PoisonRecord.Reason.REFUSED;
    }

    private static boolean isTransient(Throwable t) {
        if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
            return true;
        }
        if (t instanceof SQLException sql) {
            String state = sql.getSQLState();
            if (state != null && (TRANSIENT_STATES.contains(state)
                    || (state.length() == 5 && TRANSIENT_CLASSES.contains(state.substring(0, 2))))) {
                return true;
            }
            // Agroal's pool timeout is a plain SQLException without a state.
            String message = sql.getMessage();
            if (state == null && message != null && message.contains("acquisition timeout")) {
                return true;
            }
        }
        String name = t.getClass().getName();
        // Hibernate and JTA name these without a SQLSTATE of their own (the cause usually has one).
        return name.equals("org.hibernate.exception.JDBCConnectionException")
                || name.equals("org.hibernate.exception.LockAcquisitionException")
                || name.equals("org.hibernate.PessimisticLockException")
                || name.equals("jakarta.persistence.LockTimeoutException")
                || name.equals("jakarta.persistence.PessimisticLockException")
                || name.equals("jakarta.persistence.OptimisticLockException")
                || name.equals("org.hibernate.StaleObjectStateException")
                || t instanceof java.net.ConnectException
                || t instanceof java.net.SocketTimeoutException;
    }
}
