package org.trialclock.outbox;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;

/**
 * The CloudEvent in a binary-mode Kafka record: its id and type from the {@code ce_*} headers, its JSON payload.
 * A record without them is refused (thrown), which sends it to the consumer's dead-letter topic.
 */
public record CloudEventRecord(String id, String type, String value) {

    public static CloudEventRecord of(ConsumerRecord<String, String> record) {
        String id = header(record, "ce_id");
        String type = header(record, "ce_type");
        if (id == null || id.isBlank() || type == null) {
            throw new IllegalArgumentException("not a CloudEvent: ce_id or ce_type header missing");
        }
        if (record.value() == null) {
            throw new IllegalArgumentException("CloudEvent " + id + " has no payload");
        }
        return new CloudEventRecord(id, type, record.value());
    }

    /** This event, if it is of the one type the consumer takes. */
    public CloudEventRecord requireType(String expected) {
        if (!expected.equals(type)) {
            throw new IllegalArgumentException("unexpected CloudEvent type " + type + ", expected " + expected);
        }
        return this;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
