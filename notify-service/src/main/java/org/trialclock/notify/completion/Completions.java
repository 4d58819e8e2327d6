package org.trialclock.notify.completion;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import org.trialclock.audit.AuditAction;
import org.trialclock.audit.AuditEntry;
import org.trialclock.audit.AuditTrail;
import org.trialclock.events.EventTypes;
import org.trialclock.events.Json;
import org.trialclock.events.TaskCompletedPayload;
import org.trialclock.guard.CalendarDate;
import org.trialclock.notify.inbox.TaskView;
import org.trialclock.outbox.Outbox;
import org.trialclock.notify.problem.InvalidRequest;
import org.trialclock.notify.problem.Problem.FieldError;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Records acknowledgements and completions of tasks. A completion and its {@code trialclock.task.completed} event
 * are written in one transaction (the outbox), after every check, so a refusal leaves nothing behind.
 */
@ApplicationScoped
public class Completions {
    private final Clock clock;
    private final Outbox outbox;
    private final CompletionLimits limits;
    private final AuditTrail audit;

    Completions(Clock clock, Outbox outbox, CompletionLimits limits, AuditTrail audit) {
        this.clock = clock;
        this.outbox = outbox;
        this.limits = limits;
        this.audit = audit;
    }

    /** The body of {@code POST /tasks/{taskId}/completion}; the date stays a string so a bad one is named. */
    public record CompletionRequest(String completedOn, String by, Map<String, Object> result) {
    }

    public record Acknowledgement(UUID taskId, Instant acknowledgedAt, String acknowledgedBy) {
    }

    public record CompletionView(UUID completionId, UUID taskId, UUID enrollmentId, String subjectId,
                                 LocalDate completedOn, String by, Map<String, Object> result, Instant recordedAt,
                                 UUID supersedes) {
        static CompletionView of(Completion c) {
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> result = c.result == null ? null : Json.MAPPER.readValue(c.result, Map.class);
                return new CompletionView(c.completionId, c.taskId, c.enrollmentId, c.subjectId, c.completedOn, c.by,
                        result, c.recordedAt, c.supersedes);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The first acknowledgement stands; acknowledging again changes nothing. Who acknowledged is the signed-in
     * caller ({@code signedIn}, the token's subject); {@code claimed} (the body's "by") may repeat it or be left out.
     */
    @Transactional
    public Acknowledgement acknowledge(String taskId, String claimed, String signedIn) {
        TaskView task = task(taskId);
        List<FieldError> errors = new ArrayList<>();
        String by = checkBy(claimed, signedIn, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequest(400, "Invalid acknowledgement", errors);
        }
        if (task.acknowledgedAt == null) {
            task.acknowledgedAt = now();
            task.acknowledgedBy = by;
            audit.record(AuditAction.TASK_ACKNOWLEDGED, subject(task), null,
                    new Acknowledgement(task.taskId, task.acknowledgedAt, task.acknowledgedBy), by);
        }
        return new Acknowledgement(task.taskId, task.acknowledgedAt, task.acknowledgedBy);
    }

    @Transactional
    public CompletionView complete(String taskId, CompletionRequest request, String signedIn) {
        TaskView task = task(taskId);
        if (request == null) {
            throw InvalidRequest.field(400, "Invalid completion", "body", "required");
        }
        List<FieldError> errors = new ArrayList<>();
        // YYYY-MM-DD from 1900 to 2200 (guard/CalendarDate); after today at the site is refused below
        CalendarDate.Reading date = CalendarDate.read(request.completedOn());
        LocalDate completedOn = date.value();
        if (!date.ok()) {
            errors.add(new FieldError("completedOn", date.problem()));
        }
        String by = checkBy(request.by(), signedIn, errors);
        String result = resultJson(request.result(), errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequest(400, "Invalid completion", errors);
        }
        // "today" is the site's date: 00:30 in Shanghai is already tomorrow in UTC terms of the ward
        LocalDate today = LocalDate.now(clock.withZone(task.timezone == null ? ZoneOffset.UTC : ZoneId.of(task.timezone)));
        if (completedOn.isAfter(today)) {
            errors.add(new FieldError("completedOn", completedOn + " is in the future (today is " + today
                    + " at the site)"));
        }
        errors.addAll(TaskResult.problems(request.result()));
        if (!errors.isEmpty()) {
            throw new InvalidRequest(422, "Completion refused", errors);
        }

        List<Completion> earlier = Completion.ofTask(task.taskId);
        Completion c = new Completion();
        c.completionId = UUID.randomUUID();
        c.taskId = task.taskId;
        c.enrollmentId = task.enrollmentId;
        c.subjectId = task.subjectId;
        c.completedOn = completedOn;
        c.by = by;
        c.recordedAt = now();
        c.supersedes = earlier.isEmpty() ? null : earlier.get(earlier.size() - 1).completionId;
        c.result = result;
        c.persist();
        UUID cloudEventId = outbox.add(EventTypes.TOPIC_COMPLETIONS, EventTypes.TASK_COMPLETED, task.enrollmentId.toString(),
                task.taskId.toString(), new TaskCompletedPayload(c.completionId.toString(), c.taskId.toString(),
                        c.enrollmentId.toString(), c.subjectId, c.completedOn, c.by, request.result(), c.recordedAt));
        CompletionView view = CompletionView.of(c);
        audit.record(AuditAction.COMPLETION_RECORDED, subject(task), null, new Recorded(view, cloudEventId), c.by);
        return view;
    }

    /** The completion as the audit trail keeps it, with the id of the event that carries it to schedule-service. */
    record Recorded(CompletionView completion, UUID cloudEventId) {
    }

    private static AuditEntry.Subject subject(TaskView task) {
        return AuditEntry.Subject.task(task.enrollmentId, task.taskId, task.careTeam);
    }

    /**
     * Who did it is the signed-in caller, never what a body says: a body's {@code by} may repeat the token's subject
     * (older clients send it) but naming anyone else is refused, so nobody records work in another's name.
     */
    private String checkBy(String claimed, String signedIn, List<FieldError> errors) {
        if (claimed != null && !claimed.equals(signedIn)) {
            errors.add(new FieldError("by", "is the signed-in caller (" + signedIn + "); leave it out or repeat it"));
        } else if (signedIn.length() > limits.maxByLength()) {
            errors.add(new FieldError("by", "at most " + limits.maxByLength() + " characters (the token's subject has "
                    + signedIn.length() + ")"));
        }
        return signedIn;
    }

    /** The result as stored and published, or null; too large a result is named among the errors. */
    private String resultJson(Map<String, Object> result, List<FieldError> errors) {
        if (result == null) {
            return null;
        }
        try {
            String json = Json.MAPPER.writeValueAsString(result);
            int bytes = json.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > limits.maxResultBytes()) {
                errors.add(new FieldError("result", "at most " + limits.maxResultBytes() + " bytes as JSON (got "
                        + bytes + ")"));
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PostgreSQL keeps microseconds: answer with the time as it will read back later. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    public List<CompletionView> history(String taskId) {
        return Completion.ofTask(task(taskId).taskId).stream().map(CompletionView::of).toList();
    }

    private static TaskView task(String taskId) {
        UUID id;
        try {
            id = UUID.fromString(taskId);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("no task " + taskId);
        }
        TaskView task = TaskView.findById(id);
        if (task == null) {
            throw new NotFoundException("no task " + taskId);
        }
        return task;
    }
}
