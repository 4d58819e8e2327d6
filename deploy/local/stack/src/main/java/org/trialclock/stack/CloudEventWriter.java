package org.trialclock.stack;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** Publishes binary-mode CloudEvents as another system (or a misbehaving one) would, for consumer tests. */
public final class CloudEventWriter implements AutoCloseable {
    private final KafkaProducer<String, String> producer;

    public CloudEventWriter(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    /** Sends and waits for the broker's acknowledgement; a null id or type leaves that header out. */
    public void send(String topic, String key, String id, String type, String value) {
        var record = new ProducerRecord<>(topic, key, value);
        header(record, "ce_id", id);
        header(record, "ce_type", type);
        header(record, "ce_specversion", "1.0");
        header(record, "ce_source", "/tests");
        header(record, "content-type", "application/json");
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish to " + topic, e.getCause());
        }
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        if (value != null) {
            record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
