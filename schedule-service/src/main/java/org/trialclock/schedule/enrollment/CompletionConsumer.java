package org.trialclock.schedule.enrollment;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.trialclock.events.EventTypes;
import org.trialclock.events.Json;
import org.trialclock.events.TaskCompletedPayload;
import org.trialclock.outbox.Inbox;

import java.util.concurrent.CompletionStage;

/**
 * Completions recorded by care teams (published by notify-service): the task becomes COMPLETED with its real date
 * and result, and the schedule after it is re-planned from that date. The {@link Inbox} makes it once per
 * CloudEvent, retries it while the database is away, and dead-letters only what can never succeed (unreadable,
 * or naming an unknown task).
 */
@ApplicationScoped
public class CompletionConsumer {
    private final Inbox inbox;
    private final Completions enrollments;

    CompletionConsumer(Inbox inbox, Completions enrollments) {
        this.inbox = inbox;
        this.enrollments = enrollments;
    }

    @Incoming(EventTypes.TOPIC_COMPLETIONS)
    @Blocking(ordered = true)
    public CompletionStage<Void> consume(Message<String> record) {
        return inbox.take(record, event -> {
            event.requireType(EventTypes.TASK_COMPLETED);
            TaskCompletedPayload completion = Json.MAPPER.readValue(event.value(), TaskCompletedPayload.class);
            enrollments.complete(completion);
        });
    }
}
