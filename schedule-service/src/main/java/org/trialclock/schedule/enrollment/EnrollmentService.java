package org.trialclock.schedule.enrollment;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.trialclock.events.EnrollmentAlertPayload;
import org.trialclock.events.EnrollmentRequest;
import org.trialclock.events.EventTypes;
import org.trialclock.events.TaskPayload;
import org.trialclock.events.TaskCompletedPayload;
import org.trialclock.outbox.Outbox;
import org.trialclock.schedule.planning.ClinicalEvent;
import org.trialclock.schedule.planning.Completion;
import org.trialclock.schedule.planning.Enrollee;
import org.trialclock.schedule.planning.EnrollmentAlert;
import org.trialclock.schedule.planning.EnrollmentRefused;
import org.trialclock.schedule.planning.Plan;
import org.trialclock.schedule.planning.PlannedTask;
import org.trialclock.schedule.planning.Planner;
import org.trialclock.schedule.problem.InvalidRequest;
import org.trialclock.schedule.problem.Problem.FieldError;
import org.trialclock.schedule.protocol.Protocol;
import org.trialclock.schedule.protocol.ProtocolCatalog;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Enrolls patients and keeps their stored tasks equal to what the planner says, emitting the difference through
 * the outbox in the same transaction.
 */
@ApplicationScoped
public class EnrollmentService {
    private final ProtocolCatalog catalog;
    private final Outbox outbox;
    private final Clock clock;
    private final EntityManager em;
    private final Event<TasksPlanned> planned;
    private static final Pattern EVENT_AT = Pattern.compile("events\\[(\\d+)\\]\\.?(.*)");
    private final Planner planner = new Planner();
    private static final java.util.Set<String> OFF_STUDY_ALERTS = java.util.Set.of("RELAPSE", "DEATH", "WITHDRAWN", "OFF_STUDY");

    EnrollmentService(ProtocolCatalog catalog, Outbox outbox, Clock clock, EntityManager em, Event<TasksPlanned> planned) {
        this.catalog = catalog;
        this.outbox = outbox;
        this.clock = clock;
        this.em = em;
        this.planned = planned;
    }

    /**
     * Fired, inside the transaction, after an enrollment's tasks were stored or changed: whoever moves tasks
     * through time (the dispatcher) works out what happens next to them before the transaction commits.
     */
    public record TasksPlanned(Enrollment enrollment) {
    }

    /** The schedule a coordinator would get; nothing is stored. */
    public List<TaskPayload> preview(EnrollmentRequest request) {
        EnrollmentInput input = EnrollmentInput.check(request, catalog);
        LocalDate today = LocalDate.now(clock.withZone(input.timezone()));
        return planner.plan(input.protocol(), enrollee(input, today), input.events(), List.of(), today).tasks()
                .stream().map(t -> Task.preview(t, input)).toList();
    }

    @Transactional
    public Enrollment enroll(EnrollmentRequest request) {
        EnrollmentInput input = EnrollmentInput.check(request, catalog);
        if (Enrollment.activeExists(input.subjectId(), input.protocol().id())) {
            throw new InvalidRequest(409, "Already enrolled", List.of(new FieldError("subjectId",
                    input.subjectId() + " is already actively enrolled in " + input.protocol().id())));
        }
        LocalDate today = LocalDate.now(clock.withZone(input.timezone()));
        // Planned before anything is written: a refusal by the protocol stores and publishes nothing.
        Plan plan = planner.plan(input.protocol(), enrollee(input, today), input.events(), List.of(), today);

        Enrollment enrollment = new Enrollment();
        enrollment.id = UUID.randomUUID();
        enrollment.subjectId = input.subjectId();
        enrollment.protocolId = input.protocol().id();
        enrollment.protocolVersion = input.protocol().version();
        enrollment.arm = input.arm();
        enrollment.riskGroup = input.riskGroup();
        enrollment.siteId = input.siteId();
        enrollment.careTeam = input.careTeam();
        enrollment.timezone = input.timezone().getId();
        enrollment.weightKg = input.weightKg();
        enrollment.anchors = input.anchors();
        enrollment.status = Enrollment.ACTIVE;
        enrollment.enrolledOn = today;
        enrollment.createdAt = clock.instant();
        enrollment.persist();
        for (ClinicalEvent event : input.events()) {
            record(enrollment, event);
        }
        em.flush(); // the unique index on active enrollments speaks now, not at commit
        apply(enrollment, plan);
        return enrollment;
    }

    /** What a clinical event changed: the event row now in force (none after a withdrawal) and the tasks after it. */
    public record Replanned(UUID eventId, List<Task> tasks) {
    }

    /** Records a clinical event and re-plans; a refusal (bad field, or the protocol says no) stores nothing. */
    @Transactional
    public Replanned addEvent(UUID enrollmentId, EnrollmentRequest.ClinicalEventRequest request) {
        Enrollment enrollment = lockForReplan(enrollmentId);
        ClinicalEvent event = checked(request);
        // Planned first, so an event the protocol refuses is not stored.
        Plan plan = planEvents(enrollment, ClinicalEventRecord.current(enrollment.id), event);
        ClinicalEventRecord record = record(enrollment, event);
        apply(enrollment, plan);
        return new Replanned(record.id, Task.of(enrollment.id));
    }

    /**
     * A wrongly typed event corrected: the right values become a new row, the old row is kept and points at it,
     * and the schedule is re-planned as if the right values had been there from the start.
     */
    @Transactional
    public Replanned correctEvent(UUID enrollmentId, UUID eventId, EnrollmentRequest.ClinicalEventRequest request) {
        Enrollment enrollment = lockForReplan(enrollmentId);
        ClinicalEventRecord wrong = currentEvent(enrollment, eventId);
        ClinicalEvent corrected = checked(request);
        List<ClinicalEventRecord> others = ClinicalEventRecord.current(enrollment.id).stream()
                .filter(e -> !e.id.equals(wrong.id)).toList();
        Plan plan = planEvents(enrollment, others, corrected);
        ClinicalEventRecord right = record(enrollment, corrected);
        em.flush(); // the new row exists before the old one points at it
        wrong.supersededBy = right.id;
        apply(enrollment, plan);
        return new Replanned(right.id, Task.of(enrollment.id));
    }

    /** An event entered in error is withdrawn: kept in the history, no longer read by the planner. */
    @Transactional
    public Replanned retractEvent(UUID enrollmentId, UUID eventId) {
        Enrollment enrollment = lockForReplan(enrollmentId);
        ClinicalEventRecord entered = currentEvent(enrollment, eventId);
        List<ClinicalEventRecord> others = ClinicalEventRecord.current(enrollment.id).stream()
                .filter(e -> !e.id.equals(entered.id)).toList();
        Plan plan = planEvents(enrollment, others, null);
        entered.retractedAt = clock.instant();
        apply(enrollment, plan);
        return new Replanned(null, Task.of(enrollment.id));
    }

    /** Every event reported for the enrollment, corrected and withdrawn ones included, so the history is whole. */
    public List<ClinicalEventRecord> events(UUID enrollmentId) {
        return ClinicalEventRecord.history(find(enrollmentId).id);
    }

    public ClinicalEventRecord event(UUID enrollmentId, UUID eventId) {
        Enrollment enrollment = find(enrollmentId);
        return ClinicalEventRecord.of(enrollment.id, eventId).orElseThrow(() -> InvalidRequest.field(404, "Not found",
                "eventId", "no event " + eventId + " in enrollment " + enrollmentId));
    }

    /**
     * Re-plans are serialised per enrollment: two events posted at once must not both diff against the same
     * stored tasks and emit the same change twice.
     */
    private Enrollment lockForReplan(UUID id) {
        Enrollment enrollment = Enrollment.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (enrollment == null) {
            throw InvalidRequest.field(404, "Not found", "id", "no enrollment " + id);
        }
        return enrollment;
    }

    /** Only the version in force can be corrected or withdrawn; an older one has already been dealt with. */
    private ClinicalEventRecord currentEvent(Enrollment enrollment, UUID eventId) {
        ClinicalEventRecord event = event(enrollment.id, eventId);
        if (event.supersededBy != null) {
            throw InvalidRequest.field(409, "Already corrected", "eventId", "event " + eventId
                    + " was already corrected by event " + event.supersededBy + "; correct that one");
        }
        if (event.retractedAt != null) {
            throw InvalidRequest.field(409, "Already withdrawn", "eventId", "event " + eventId
                    + " was withdrawn as entered in error on " + event.retractedAt);
        }
        return event;
    }

    private static ClinicalEvent checked(EnrollmentRequest.ClinicalEventRequest request) {
        if (request == null) {
            throw InvalidRequest.field(400, "Invalid event", "body", "a JSON event is required");
        }
        List<FieldError> errors = new ArrayList<>();
        ClinicalEvent event = EnrollmentInput.event(errors, "", request);
        if (!errors.isEmpty()) {
            throw new InvalidRequest(400, "Invalid event", errors.stream()
                    .map(e -> new FieldError(e.field().substring(1), e.reason())).toList());
        }
        return event;
    }

    /** Plans the stored events plus the posted one (if any), naming a refused event the way the client knows it. */
    private Plan planEvents(Enrollment enrollment, List<ClinicalEventRecord> stored, ClinicalEvent posted) {
        List<ClinicalEvent> events = new ArrayList<>(stored.stream().map(ClinicalEventRecord::toEvent).toList());
        if (posted != null) {
            events.add(posted);
        }
        try {
            return plan(enrollment, events);
        } catch (EnrollmentRefused e) {
            throw InvalidRequest.field(422, "Refused by the protocol", eventField(e.field(), stored), e.reason());
        }
    }

    /**
     * The planner names events by their place in its list ({@code events[3].data.grade}); a client knows the body
     * it posted ({@code data.grade}) and the ids of stored events ({@code events/<id>.data.grade}).
     */
    static String eventField(String field, List<ClinicalEventRecord> stored) {
        Matcher m = EVENT_AT.matcher(field);
        if (!m.matches()) {
            return field;
        }
        int i = Integer.parseInt(m.group(1));
        String rest = m.group(2);
        if (i < stored.size()) {
            return "events/" + stored.get(i).id + (rest.isEmpty() ? "" : "." + rest);
        }
        return rest.isEmpty() ? "body" : rest;
    }

    /**
     * A completion recorded by the care team: the task is done on its real date and the schedule after it is
     * re-planned from there. A later completion of the same task corrects the earlier one; both are kept.
     */
    @Transactional
    public void complete(TaskCompletedPayload completion) {
        if (completion.taskId() == null || completion.completedOn() == null || completion.completionId() == null
                || completion.by() == null) {
            throw new IllegalArgumentException("completion without completionId, taskId, completedOn or by");
        }
        UUID taskId = UUID.fromString(completion.taskId());
        // Lock the enrollment, then its tasks, before reading the task: its state must be the committed one.
        List<?> owner = em.createNativeQuery("SELECT enrollment_id FROM task WHERE id = :id")
                .setParameter("id", taskId).getResultList();
        if (owner.isEmpty()) {
            throw new IllegalArgumentException("completion of unknown task " + completion.taskId());
        }
        Enrollment enrollment = em.find(Enrollment.class, owner.get(0), LockModeType.PESSIMISTIC_WRITE);
        Task done = Task.lockedOf(enrollment.id).stream().filter(t -> t.id.equals(taskId)).findFirst().orElseThrow();
        int inserted = em.createNativeQuery("""
                INSERT INTO task_completion (completion_id, task_id, completed_on, completed_by, result, received_at)
                VALUES (:id, :task, :on, :by, CAST(:result AS jsonb), :at) ON CONFLICT DO NOTHING""")
                .setParameter("id", UUID.fromString(completion.completionId())).setParameter("task", done.id)
                .setParameter("on", completion.completedOn()).setParameter("by", completion.by())
                .setParameter("result", json(completion.result())).setParameter("at", clock.instant())
                .executeUpdate();
        if (inserted == 0) {
            return; // the same completion again
        }
        List<ClinicalEvent> events = ClinicalEventRecord.current(enrollment.id).stream()
                .map(ClinicalEventRecord::toEvent).toList();
        done.completedOn = completion.completedOn();
        done.completionResult = completion.result();
        apply(enrollment, plan(enrollment, events));
    }

    private static String json(Map<String, Object> result) {
        try {
            return result == null ? null : org.trialclock.events.Json.MAPPER.writeValueAsString(result);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("completion result is not JSON", e);
        }
    }

    public Enrollment find(UUID id) {
        Enrollment enrollment = Enrollment.findById(id);
        if (enrollment == null) {
            throw InvalidRequest.field(404, "Not found", "id", "no enrollment " + id);
        }
        return enrollment;
    }

    private Plan plan(Enrollment enrollment, List<ClinicalEvent> events) {
        Protocol protocol = catalog.version(enrollment.protocolId, enrollment.protocolVersion).orElseThrow(() ->
                new IllegalStateException("protocol " + enrollment.protocolId + " v" + enrollment.protocolVersion
                        + " is no longer shipped but has enrolled patients"));
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of(enrollment.timezone)));
        Enrollee enrollee = new Enrollee(enrollment.subjectId, enrollment.arm, enrollment.riskGroup,
                enrollment.anchors, enrollment.weightKg, enrollment.enrolledOn);
        List<Completion> completions = Task.lockedOf(enrollment.id).stream().filter(t -> t.completedOn != null)
                .map(t -> new Completion(t.taskKey, t.completedOn,
                        t.completionResult == null ? Map.of() : t.completionResult)).toList();
        return planner.plan(protocol, enrollee, events, completions, today);
    }

    /** Stores the planner's word and emits what changed: scheduled, rescheduled or cancelled. */
    private void apply(Enrollment enrollment, Plan plan) {
        Map<String, Task> stored = Task.of(enrollment.id).stream()
                .collect(Collectors.toMap(t -> t.taskKey, Function.identity(), (a, b) -> a, HashMap::new));
        for (PlannedTask planned : plan.tasks()) {
            Task task = stored.remove(planned.key());
            if (task == null) {
                task = Task.from(enrollment.id, planned);
                task.version = 1;
                task.persist();
                emit(EventTypes.TASK_SCHEDULED, enrollment, task);
            } else if (task.take(planned)) {
                emit("CANCELLED".equals(task.status) ? EventTypes.TASK_CANCELLED : EventTypes.TASK_RESCHEDULED,
                        enrollment, task);
            }
        }
        // A task the planner no longer plans (an arm's branch closed by an event) is cancelled, not deleted.
        for (Task gone : stored.values()) {
            if (!"CANCELLED".equals(gone.status) && !"COMPLETED".equals(gone.status)) {
                gone.status = "CANCELLED";
                gone.statusReason = "no longer part of the plan";
                gone.version++;
                emit(EventTypes.TASK_CANCELLED, enrollment, gone);
            }
        }
        planned.fire(new TasksPlanned(enrollment));
        // Relapse, death, withdrawal or an excluding result ends the patient's time on study; withdrawing the event
        // (entered in error) brings the enrollment back, as the planner brings back its tasks.
        boolean offStudy = plan.alerts().stream().anyMatch(a -> OFF_STUDY_ALERTS.contains(a.kind()));
        enrollment.status = offStudy ? Enrollment.OFF_STUDY : Enrollment.ACTIVE;
        for (EnrollmentAlert alert : plan.alerts()) {
            int inserted = em.createNativeQuery("""
                    INSERT INTO enrollment_alert (enrollment_id, alert_key, raised_at) VALUES (:e, :k, :t)
                    ON CONFLICT DO NOTHING""")
                    .setParameter("e", enrollment.id).setParameter("k", alert.key())
                    .setParameter("t", clock.instant()).executeUpdate();
            if (inserted == 1) {
                outbox.add(EventTypes.TOPIC_TASKS, EventTypes.ENROLLMENT_ALERT, enrollment.id.toString(),
                        enrollment.id.toString(), new EnrollmentAlertPayload(alert.key(), enrollment.id.toString(),
                                enrollment.subjectId, enrollment.protocolId, enrollment.siteId, enrollment.careTeam,
                                alert.kind(), alert.date(), alert.message()));
            }
        }
    }

    private void emit(String type, Enrollment enrollment, Task task) {
        outbox.add(EventTypes.TOPIC_TASKS, type, enrollment.id.toString(), task.id.toString(),
                task.toPayload(enrollment));
    }

    private ClinicalEventRecord record(Enrollment enrollment, ClinicalEvent event) {
        ClinicalEventRecord record = new ClinicalEventRecord();
        record.id = UUID.randomUUID();
        record.enrollmentId = enrollment.id;
        record.type = event.type();
        record.eventDate = event.date();
        record.data = event.data();
        record.recordedAt = clock.instant();
        record.persist();
        return record;
    }

    private static Enrollee enrollee(EnrollmentInput input, LocalDate today) {
        return new Enrollee(input.subjectId(), input.arm(), input.riskGroup(), input.anchors(), input.weightKg(), today);
    }
}
