package org.trialclock.outbox;

/**
 * A consumed record that can never succeed, whatever the retries: it goes to the channel's dead-letter topic with
 * its {@link Reason} in the {@code dead-letter-reason} header, and the consumer goes on.
 */
public class PoisonRecord extends RuntimeException {

    /** Why a record is dead-lettered; the tag {@code reason} of {@code trialclock_dead_lettered_total}. */
    public enum Reason {
        /** Not a binary-mode CloudEvent (no id, source or type), or a payload that is not JSON. */
        UNPARSEABLE,
        /** JSON, but a required field is missing or has the wrong type. */
        SCHEMA_INVALID,
        /** A CloudEvent type this consumer does not take. */
        UNKNOWN_TYPE,
        /**
         * Well formed, but refused by the service: it names a task this service does not have, or breaks its rules
         * (a duplicate enrollment, a protocol refusal).
         */
        REFUSED,
        /** An error the policy does not know kept coming back after the attempts it allows. */
        UNEXPECTED;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private final Reason reason;

    public PoisonRecord(Reason reason, String message) {
        this(reason, message, null);
    }

    public PoisonRecord(Reason reason, String message, Throwable cause) {
        super(reason.tag() + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
