package org.trialclock.schedule.enrollment;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.trialclock.events.EventTypes;
import org.trialclock.events.Json;
import org.trialclock.outbox.CloudEventRecord;
import org.trialclock.outbox.ProcessedEvents;
import org.trialclock.events.TaskCompletedPayload;

/**
 * Completions recorded by care teams (published by notify-service): the task becomes COMPLETED with its real date
 * and result, and the schedule after it is re-planned from that date. Idempotent by CloudEvent id; a record
 * that cannot be read or names an unknown task throws, and the dead-letter strategy moves it aside.
 */
@ApplicationScoped
public class CompletionConsumer {
    private final ProcessedEvents processed;
    private final Completions enrollments;

    CompletionConsumer(ProcessedEvents processed, Completions enrollments) {
        this.processed = processed;
        this.enrollments = enrollments;
    }

    @Incoming(EventTypes.TOPIC_COMPLETIONS)
    @Blocking(ordered = true)
    @Transactional
    public void consume(ConsumerRecord<String, String> record) throws JsonProcessingException {
        CloudEventRecord event = CloudEventRecord.of(record).requireType(EventTypes.TASK_COMPLETED);
        if (!processed.firstTime(event.id(), event.type())) {
            return;
        }
        TaskCompletedPayload completion = Json.MAPPER.readValue(event.value(), TaskCompletedPayload.class);
        enrollments.complete(completion);
    }
}
