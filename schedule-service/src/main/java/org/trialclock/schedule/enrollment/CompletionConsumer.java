package org.trialclock.schedule.enrollment;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.trialclock.events.EventTypes;
import org.trialclock.events.Json;
import org.trialclock.events.TaskCompletedPayload;
import org.trialclock.guard.CalendarDate;
import org.trialclock.guard.Decimals;
import org.trialclock.outbox.Inbox;
import org.trialclock.outbox.PoisonRecord;
import org.trialclock.schedule.planning.EnrollmentRefused;

import java.util.concurrent.CompletionStage;

/**
 * Completions recorded by care teams (published by notify-service): the task becomes COMPLETED with its real date
 * and result, and the schedule after it is re-planned from that date. The {@link Inbox} makes it once per
 * CloudEvent, retries it while the database is away, and dead-letters only what can never succeed (unreadable,
 * naming an unknown task, a value out of bounds, or refused by the protocol).
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
            refuseOutOfBounds(completion);
            try {
                enrollments.complete(completion);
            } catch (EnrollmentRefused refused) {
                // the protocol refuses it (done after today at the site...): a retry is refused the same way
                throw new PoisonRecord(PoisonRecord.Reason.REFUSED, refused.field() + ": " + refused.reason(), refused);
            }
        });
    }

    /**
     * The bounds {@code POST /tasks/{id}/completion} holds in notify-service, held again here: the event may come
     * from an older producer or another system, and a value past them (a date in year 999999999, an MRD of
     * 1e-1000000000) must never reach the planner, where it would throw on every re-plan or print a billion digits.
     */
    static void refuseOutOfBounds(TaskCompletedPayload completion) {
        if (completion.completedOn() != null) {
            CalendarDate.problem(completion.completedOn()).ifPresent(p -> {
                throw new PoisonRecord(PoisonRecord.Reason.REFUSED, "completedOn: " + p);
            });
        }
        if (completion.result() == null) {
            return;
        }
        completion.result().forEach((key, value) -> {
            if (value instanceof Number || (value != null && EnrollmentInput.NUMERIC_DATA.contains(key))) {
                var reading = Decimals.read(value);
                if (!reading.ok()) {
                    throw new PoisonRecord(PoisonRecord.Reason.REFUSED, "result." + key + ": " + reading.problem());
                }
            }
        });
    }
}
