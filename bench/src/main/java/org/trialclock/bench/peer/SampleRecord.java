package org.trialclock.bench.peer;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One real task.due record as schedule-service's relay wrote it (key, CloudEvent headers, JSON payload), saved by
 * the bench so the peer sends records of exactly the same size and shape.
 */
public record SampleRecord(byte[] key, byte[] value, List<Header> headers) {
    public record Header(String name, byte[] value) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    public static SampleRecord read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), SampleRecord.class);
    }

    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    /** A copy for the given topic, keyed as one of ten enrollments so records spread over the partitions. */
    public ProducerRecord<byte[], byte[]> copy(String topic, int i) {
        byte[] k = key.clone();
        k[k.length - 1] = (byte) ('0' + i % 10);
        RecordHeaders h = new RecordHeaders();
        headers.forEach(x -> h.add(new RecordHeader(x.name(), x.value())));
        return new ProducerRecord<>(topic, null, k, value, h);
    }
}
