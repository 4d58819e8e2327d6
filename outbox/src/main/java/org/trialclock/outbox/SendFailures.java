package org.trialclock.outbox;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Which refusals of an outbox row by Kafka are for good: sending it again would fail again, so the row is parked
 * rather than retried (and the rows behind it are not held up). Everything else (broker away, timeouts, leader
 * changes) is retried with the next batch.
 */
final class SendFailures {
    private SendFailures() {
    }

    static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                    || t instanceof SerializationException || t instanceof InvalidRecordException
                    || t instanceof InvalidTopicException) {
                return true;
            }
        }
        return false;
    }
}
