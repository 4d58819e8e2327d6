package org.trialclock.notify.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.trialclock.events.EnrollmentAlertPayload;
import org.trialclock.events.EventTypes;
import org.trialclock.events.Json;
import org.trialclock.events.TaskPayload;
import org.trialclock.notify.channels.AlertMessage;
import org.trialclock.notify.channels.Alerts;
import org.trialclock.outbox.CloudEventRecord;
import org.trialclock.outbox.Inbox;
import org.trialclock.outbox.PoisonRecord;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Consumes {@code trial-tasks} through the {@link Inbox}, a polled batch per transaction: each CloudEvent is
 * processed once (the {@code processed_event} table, written in the same transaction as the effect), so a
 * redelivered event changes nothing; a database that is away is waited for; only a record that can never be processed goes to the
 * dead-letter topic with its reason, and the consumer goes on.
 */
@ApplicationScoped
public class TaskEventConsumer {
    /** The task events a care team is told of; the others only change the inbox and the stream. */
    private static final Set<String> ALERTING = Set.of(
            EventTypes.TASK_REMINDER, EventTypes.TASK_DUE, EventTypes.TASK_OVERDUE);

    private final Inbox inbox;
    private final Clock clock;
    private final Alerts alerts;
    private final TeamStream stream;
    private final AlertMessages messages;
    private final EntityManager em;
    /** What the current transaction's events collected; one batch at a time ({@code ordered = true}). */
    private Collected collected;

    TaskEventConsumer(Inbox inbox, Clock clock, Alerts alerts, TeamStream stream, AlertMessages messages,
                      EntityManager em) {
        this.messages = messages;
        this.inbox = inbox;
        this.clock = clock;
        this.alerts = alerts;
        this.stream = stream;
        this.em = em;
    }

    /**
     * A polled batch at a time ({@code batch=true}): a burst of due tasks costs one commit per poll, one INSERT of
     * its notifications and one statement for its live-stream messages, besides each task view's row.
     */
    @Incoming(EventTypes.TOPIC_TASKS)
    @Blocking(ordered = true)
    public CompletionStage<Void> consume(Message<List<String>> records) {
        return inbox.takeAll(records, this::handle, new Inbox.Unit() {
            @Override
            public void begin() {
                collected = new Collected(alerts.batch(), new ArrayList<>(), new HashMap<>());
                // the views are written at commit: nothing read in between depends on them (the notifications
                // and the stream do not), so Hibernate need not flush before each statement
                em.setFlushMode(FlushModeType.COMMIT);
            }

            @Override
            public void beforeCommit() {
                collected.alerts().write();
                stream.sendAll(collected.teamEvents());
            }
        });
    }

    /** A transaction's notifications, live-stream events and the task views it created (not yet in the table). */
    private record Collected(Alerts.Batch alerts, List<TeamEvent> teamEvents, Map<UUID, TaskView> created) {
    }

    /** The effect of one new event, inside the inbox's transaction. */
    private void handle(CloudEventRecord event) throws JsonProcessingException {
        String id = event.id();
        String type = event.type();
        if (!EventTypes.ALL.contains(type)) {
            throw new PoisonRecord(PoisonRecord.Reason.UNKNOWN_TYPE, "unknown CloudEvent type " + type);
        }
        if (EventTypes.TASK_TYPES.contains(type)) {
            TaskPayload task = Json.MAPPER.readValue(event.value(), TaskPayload.class);
            if (apply(type, task)) {
                AlertMessage message = ALERTING.contains(type) ? messages.forTask(type, task) : null;
                if (message != null) {
                    collected.alerts().toTeam(id, type, new Alerts.About(UUID.fromString(task.id()),
                            UUID.fromString(task.enrollmentId()), task.subjectId(), task.careTeam()), message);
                }
                collected.teamEvents().add(new TeamEvent(id, type, task.careTeam(), task.id(), task.subjectId(),
                        task.title(), task.status(), task.dueDate(), message == null ? null : message.text()));
            }
        } else if (EventTypes.ENROLLMENT_ALERT.equals(type)) {
            EnrollmentAlertPayload alert = Json.MAPPER.readValue(event.value(), EnrollmentAlertPayload.class);
            if (alert.careTeam() == null || alert.enrollmentId() == null || alert.subjectId() == null) {
                throw new PoisonRecord(PoisonRecord.Reason.SCHEMA_INVALID,
                        "enrollment alert without careTeam, enrollmentId or subjectId");
            }
            AlertMessage message = messages.forEnrollment(alert);
            collected.alerts().toTeam(id, type, new Alerts.About(null, UUID.fromString(alert.enrollmentId()),
                    alert.subjectId(), alert.careTeam()), message);
            collected.teamEvents().add(new TeamEvent(id, type, alert.careTeam(), null, alert.subjectId(),
                    alert.kind(), null, alert.date(), message.text()));
        }
    }

    /**
     * Latest state wins by the task's version, so a late or repeated event never moves a task backwards. Returns
     * whether the event is current (not older than what is stored): only a current event alerts anyone, so a
     * late "due" for a task already completed stays silent. The same version counts as current, because a
     * reminder may come without any change to the task.
     */
    private boolean apply(String type, TaskPayload task) throws JsonProcessingException {
        if (task.id() == null || task.careTeam() == null || task.dueDate() == null || task.windowEnd() == null) {
            throw new PoisonRecord(PoisonRecord.Reason.SCHEMA_INVALID,
                    "task event without id, careTeam, dueDate or windowEnd");
        }
        UUID taskId = UUID.fromString(task.id());
        // Locked, so an acknowledgement or escalation of this task waits for this update instead of crossing it. A
        // view created earlier in this transaction is not in the table until commit: it is the one to update.
        TaskView view = collected.created().get(taskId);
        if (view == null) {
            view = TaskView.findById(taskId, LockModeType.PESSIMISTIC_WRITE);
        }
        if (view != null && view.version > task.version()) {
            return false;
        }
        if (view != null && view.version == task.version()) {
            return true;
        }
        boolean first = view == null;
        if (first) {
            view = new TaskView();
            view.taskId = taskId;
        }
        view.enrollmentId = UUID.fromString(task.enrollmentId());
        view.subjectId = task.subjectId();
        view.protocolId = task.protocolId();
        view.siteId = task.siteId();
        view.careTeam = task.careTeam();
        view.timezone = task.timezone();
        view.kind = task.kind();
        view.title = task.title();
        view.dueDate = task.dueDate();
        view.windowEnd = task.windowEnd();
        view.status = task.status();
        view.version = task.version();
        view.payload = Json.MAPPER.writeValueAsString(task);
        view.lastEvent = type;
        view.updatedAt = clock.instant();
        if (!"OVERDUE".equals(task.status())) {
            view.overdueSince = null;
        } else if (view.overdueSince == null) {
            view.overdueSince = clock.instant();
        }
        if (first) {
            view.persist();
            collected.created().put(taskId, view);
        }
        return true;
    }
}
