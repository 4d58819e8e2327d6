package org.trialclock.schedule.enrollment;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;

/** The CloudEvent attributes of a binary-mode Kafka record, refused when they are missing or of another type. */
record CloudEventRecord(String id, String type, String value) {

    static CloudEventRecord of(ConsumerRecord<String, String> record, String expectedType) {
        String id = header(record, "ce_id");
        String type = header(record, "ce_type");
        if (id == null || id.isBlank() || type == null) {
            throw new IllegalArgumentException("not a CloudEvent: ce_id or ce_type header missing");
        }
        if (!expectedType.equals(type)) {
            throw new IllegalArgumentException("unexpected CloudEvent type " + type + ", expected " + expectedType);
        }
        if (record.value() == null) {
            throw new IllegalArgumentException("CloudEvent " + id + " has no payload");
        }
        return new CloudEventRecord(id, type, record.value());
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
