package org.trialclock.schedule.enrollment;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.trialclock.events.EventSchemas;
import org.trialclock.events.EventTypes;
import org.trialclock.events.Json;
import org.trialclock.stack.KafkaBrokerResource;
import org.trialclock.stack.TopicReader;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the service really published on {@code trial-tasks}, read back from the broker. Every event read is checked
 * against the JSON Schema of its type, so no test can pass on an event that breaks the contract.
 */
public final class PublishedTasks implements AutoCloseable {
    /** One published event: its CloudEvent type and JSON payload. */
    public record Published(String type, String id, JsonNode payload) {
    }

    private final TopicReader reader = new TopicReader(KafkaBrokerResource.broker().bootstrapServers(),
            EventTypes.TOPIC_TASKS);
    private final EventSchemas schemas = new EventSchemas();

    public List<Published> of(String enrollmentId) {
        return reader.poll().stream().filter(r -> enrollmentId.equals(r.key())).map(this::checked).toList();
    }

    public List<Published> of(String enrollmentId, String type) {
        return of(enrollmentId).stream().filter(p -> type.equals(p.type())).toList();
    }

    private Published checked(ConsumerRecord<String, String> record) {
        String type = TopicReader.header(record, "ce_type");
        JsonNode payload;
        try {
            payload = Json.MAPPER.readTree(record.value());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + record.value(), e);
        }
        assertThat(schemas.violations(type, payload)).as("%s fits its JSON Schema: %s", type, payload).isEmpty();
        return new Published(type, TopicReader.header(record, "ce_id"), payload);
    }

    @Override
    public void close() {
        reader.close();
    }
}
