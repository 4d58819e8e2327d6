package org.trialclock.schedule.enrollment;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.trialclock.events.EnrollmentRequest;
import org.trialclock.events.EventTypes;
import org.trialclock.events.Json;
import org.trialclock.outbox.CloudEventRecord;
import org.trialclock.outbox.ProcessedEvents;

/**
 * Enrollments sent by other systems on topic {@code enrollments}: the same path as {@code POST /enrollments}.
 * A refused request (bad field, protocol refusal, duplicate) goes to the dead-letter topic with its reason.
 */
@ApplicationScoped
public class EnrollmentRequestConsumer {
    private final ProcessedEvents processed;
    private final EnrollmentService enrollments;

    EnrollmentRequestConsumer(ProcessedEvents processed, EnrollmentService enrollments) {
        this.processed = processed;
        this.enrollments = enrollments;
    }

    @Incoming(EventTypes.TOPIC_ENROLLMENTS)
    @Blocking(ordered = true)
    @Transactional
    public void consume(ConsumerRecord<String, String> record) throws JsonProcessingException {
        CloudEventRecord event = CloudEventRecord.of(record).requireType(EventTypes.ENROLLMENT_REQUESTED);
        if (!processed.firstTime(event.id(), event.type())) {
            return;
        }
        enrollments.enroll(Json.MAPPER.readValue(event.value(), EnrollmentRequest.class));
    }
}
