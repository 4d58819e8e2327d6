package org.trialclock.schedule.enrollment;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.trialclock.events.EnrollmentRequest;
import org.trialclock.events.EventTypes;
import org.trialclock.events.Json;
import org.trialclock.outbox.Inbox;
import org.trialclock.outbox.PoisonRecord;
import org.trialclock.schedule.problem.InvalidRequest;

import java.util.concurrent.CompletionStage;

/**
 * Enrollments sent by other systems on topic {@code enrollments}: the same path as {@code POST /enrollments}.
 * A refused request (bad field, protocol refusal, duplicate) goes to the dead-letter topic with its reason; a
 * database that is away is waited for (see {@link Inbox}).
 */
@ApplicationScoped
public class EnrollmentRequestConsumer {
    private final Inbox inbox;
    private final EnrollmentService enrollments;

    EnrollmentRequestConsumer(Inbox inbox, EnrollmentService enrollments) {
        this.inbox = inbox;
        this.enrollments = enrollments;
    }

    @Incoming(EventTypes.TOPIC_ENROLLMENTS)
    @Blocking(ordered = true)
    public CompletionStage<Void> consume(Message<String> record) {
        return inbox.take(record, event -> {
            event.requireType(EventTypes.ENROLLMENT_REQUESTED);
            EnrollmentRequest request = Json.MAPPER.readValue(event.value(), EnrollmentRequest.class);
            try {
                enrollments.enroll(request, event.source());
            } catch (InvalidRequest refused) {
                // what REST answers with a 4xx never succeeds on a retry either
                throw new PoisonRecord(PoisonRecord.Reason.REFUSED, refused.getMessage(), refused);
            }
        });
    }
}
