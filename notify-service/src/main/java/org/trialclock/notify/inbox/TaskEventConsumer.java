package org.trialclock.notify.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.trialclock.events.EnrollmentAlertPayload;
import org.trialclock.events.EventTypes;
import org.trialclock.events.Json;
import org.trialclock.events.TaskPayload;
import org.trialclock.notify.channels.AlertMessage;
import org.trialclock.notify.channels.Alerts;
import org.trialclock.outbox.CloudEventRecord;
import org.trialclock.outbox.ProcessedEvents;

import java.time.Clock;
import java.util.Set;
import java.util.UUID;

/**
 * Consumes {@code trial-tasks}. Each CloudEvent id is processed once (the {@code processed_event} table, written in
 * the same transaction as the effect), so a redelivered event changes nothing. A record that cannot be read
 * throws, and the channel's dead-letter strategy moves it aside with the reason; the consumer goes on.
 */
@ApplicationScoped
public class TaskEventConsumer {
    private static final Logger LOG = Logger.getLogger(TaskEventConsumer.class);

    /** The task events a care team is told of; the others only change the inbox and the stream. */
    private static final Set<String> ALERTING = Set.of(
            EventTypes.TASK_REMINDER, EventTypes.TASK_DUE, EventTypes.TASK_OVERDUE);

    private final ProcessedEvents processed;
    private final Clock clock;
    private final Alerts alerts;
    private final Event<TeamEvent> teamEvents;

    TaskEventConsumer(ProcessedEvents processed, Clock clock, Alerts alerts, Event<TeamEvent> teamEvents) {
        this.processed = processed;
        this.clock = clock;
        this.alerts = alerts;
        this.teamEvents = teamEvents;
    }

    @Incoming(EventTypes.TOPIC_TASKS)
    @Blocking(ordered = true)
    @Transactional
    public void consume(ConsumerRecord<String, String> record) throws JsonProcessingException {
        CloudEventRecord event = CloudEventRecord.of(record);
        String id = event.id();
        String type = event.type();
        if (!EventTypes.ALL.contains(type)) {
            throw new IllegalArgumentException("unknown CloudEvent type " + type);
        }
        if (!processed.firstTime(id, type)) {
            LOG.debugf("event %s already processed", id);
            return;
        }
        if (EventTypes.TASK_TYPES.contains(type)) {
            TaskPayload task = Json.MAPPER.readValue(event.value(), TaskPayload.class);
            if (apply(type, task)) {
                AlertMessage message = ALERTING.contains(type) ? AlertMessage.forTask(type, task) : null;
                if (message != null) {
                    alerts.toTeam(id, type, new Alerts.About(UUID.fromString(task.id()),
                            UUID.fromString(task.enrollmentId()), task.subjectId(), task.careTeam()), message);
                }
                teamEvents.fire(new TeamEvent(id, type, task.careTeam(), task.id(), task.subjectId(), task.title(),
                        task.status(), task.dueDate(), message == null ? null : message.text()));
            }
        } else if (EventTypes.ENROLLMENT_ALERT.equals(type)) {
            EnrollmentAlertPayload alert = Json.MAPPER.readValue(event.value(), EnrollmentAlertPayload.class);
            if (alert.careTeam() == null || alert.enrollmentId() == null || alert.subjectId() == null) {
                throw new IllegalArgumentException("enrollment alert without careTeam, enrollmentId or subjectId");
            }
            AlertMessage message = AlertMessage.forEnrollment(alert);
            alerts.toTeam(id, type, new Alerts.About(null, UUID.fromString(alert.enrollmentId()), alert.subjectId(),
                    alert.careTeam()), message);
            teamEvents.fire(new TeamEvent(id, type, alert.careTeam(), null, alert.subjectId(), alert.kind(), null,
                    alert.date(), message.text()));
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
            throw new IllegalArgumentException("task event without id, careTeam, dueDate or windowEnd");
        }
        UUID taskId = UUID.fromString(task.id());
        TaskView view = TaskView.findById(taskId);
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
        }
        return true;
    }
}
