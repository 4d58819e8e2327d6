package org.trialclock.outbox;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;

/**
 * The CloudEvent in a binary-mode Kafka record: its id, source and type from the {@code ce_*} headers, its JSON
 * payload, and the Kafka key (the enrollment id). A record without them is {@link PoisonRecord poison}: it goes
 * to the consumer's dead-letter topic. (source, id) is what CloudEvents makes unique, so it is the inbox key.
 */
public record CloudEventRecord(String source, String id, String type, String key, String value) {

    public static CloudEventRecord of(ConsumerRecord<String, String> record) {
        String id = header(record, "ce_id");
        String source = header(record, "ce_source");
        String type = header(record, "ce_type");
        if (id == null || id.isBlank() || source == null || source.isBlank() || type == null || type.isBlank()) {
            throw new PoisonRecord(PoisonRecord.Reason.UNPARSEABLE,
                    "not a CloudEvent: ce_id, ce_source or ce_type header missing");
        }
        if (record.value() == null) {
            throw new PoisonRecord(PoisonRecord.Reason.UNPARSEABLE, "CloudEvent " + id + " has no payload");
        }
        return new CloudEventRecord(source, id, type, record.key(), record.value());
    }

    /** This event, if it is of the one type the consumer takes. */
    public CloudEventRecord requireType(String expected) {
        if (!expected.equals(type)) {
            throw new PoisonRecord(PoisonRecord.Reason.UNKNOWN_TYPE,
                    "unexpected CloudEvent type " + type + ", expected " + expected);
        }
        return this;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
