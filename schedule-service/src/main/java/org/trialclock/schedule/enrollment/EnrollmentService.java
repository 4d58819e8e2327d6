package org.trialclock.schedule.enrollment;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.trialclock.events.EnrollmentAlertPayload;
import org.trialclock.events.EnrollmentRequest;
import org.trialclock.events.EventTypes;
import org.trialclock.schedule.outbox.Outbox;
import org.trialclock.schedule.planning.ClinicalEvent;
import org.trialclock.schedule.planning.Completion;
import org.trialclock.schedule.planning.Enrollee;
import org.trialclock.schedule.planning.EnrollmentAlert;
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
    private final Planner planner = new Planner();

    EnrollmentService(ProtocolCatalog catalog, Outbox outbox, Clock clock, EntityManager em) {
        this.catalog = catalog;
        this.outbox = outbox;
        this.clock = clock;
        this.em = em;
    }

    /** The schedule a coordinator would get; nothing is stored. */
    public List<PlannedTask> preview(EnrollmentRequest request) {
        EnrollmentInput input = EnrollmentInput.check(request, catalog);
        LocalDate today = LocalDate.now(clock.withZone(input.timezone()));
        return planner.plan(input.protocol(), enrollee(input, today), input.events(), List.of(), today).tasks();
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

    /** Records a clinical event and re-plans; returns the enrollment's tasks after it. */
    @Transactional
    public List<Task> addEvent(UUID enrollmentId, EnrollmentRequest.ClinicalEventRequest request) {
        Enrollment enrollment = find(enrollmentId);
        if (request == null) {
            throw InvalidRequest.field(400, "Invalid event", "body", "a JSON event is required");
        }
        List<FieldError> errors = new ArrayList<>();
        ClinicalEvent event = EnrollmentInput.event(errors, "", request);
        if (!errors.isEmpty()) {
            throw new InvalidRequest(400, "Invalid event", errors.stream()
                    .map(e -> new FieldError(e.field().substring(1), e.reason())).toList());
        }
        List<ClinicalEvent> events = new ArrayList<>(ClinicalEventRecord.of(enrollment.id));
        events.add(event);
        // Planned first, so an event the protocol refuses is not stored.
        Plan plan = plan(enrollment, events);
        record(enrollment, event);
        apply(enrollment, plan);
        return Task.of(enrollment.id);
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
        List<Completion> completions = Task.of(enrollment.id).stream().filter(t -> t.completedOn != null)
                .map(t -> new Completion(t.taskKey, t.completedOn, Map.of())).toList();
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

    private void record(Enrollment enrollment, ClinicalEvent event) {
        ClinicalEventRecord record = new ClinicalEventRecord();
        record.id = UUID.randomUUID();
        record.enrollmentId = enrollment.id;
        record.type = event.type();
        record.eventDate = event.date();
        record.data = event.data();
        record.recordedAt = clock.instant();
        record.persist();
    }

    private static Enrollee enrollee(EnrollmentInput input, LocalDate today) {
        return new Enrollee(input.subjectId(), input.arm(), input.riskGroup(), input.anchors(), input.weightKg(), today);
    }
}
