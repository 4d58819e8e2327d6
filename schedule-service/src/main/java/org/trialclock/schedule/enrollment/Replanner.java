package org.trialclock.schedule.enrollment;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.trialclock.audit.AuditAction;
import org.trialclock.audit.AuditEntry;
import org.trialclock.audit.AuditTrail;
import org.trialclock.events.EnrollmentAlertPayload;
import org.trialclock.events.EventTypes;
import org.trialclock.outbox.Outbox;
import org.trialclock.schedule.planning.ClinicalEvent;
import org.trialclock.schedule.planning.Completion;
import org.trialclock.schedule.planning.Enrollee;
import org.trialclock.schedule.planning.EnrollmentAlert;
import org.trialclock.schedule.planning.Plan;
import org.trialclock.schedule.planning.PlannedTask;
import org.trialclock.schedule.planning.Planner;
import org.trialclock.schedule.planning.TaskStatus;
import org.trialclock.schedule.problem.InvalidRequest;
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
 * Re-plans an enrollment from its stored inputs and keeps the stored tasks equal to what the planner says,
 * emitting the difference (scheduled, rescheduled, cancelled) and new alerts through the outbox in the caller's
 * transaction.
 */
@ApplicationScoped
class Replanner {
    private final ProtocolCatalog catalog;
    private final Outbox outbox;
    private final Clock clock;
    private final EntityManager em;
    private final Event<TasksPlanned> planned;
    private final AuditTrail audit;
    private final Planner planner = new Planner();

    Replanner(ProtocolCatalog catalog, Outbox outbox, Clock clock, EntityManager em, Event<TasksPlanned> planned,
              AuditTrail audit) {
        this.catalog = catalog;
        this.outbox = outbox;
        this.clock = clock;
        this.em = em;
        this.planned = planned;
        this.audit = audit;
    }

    /**
     * Re-plans are serialised per enrollment: two events posted at once must not both diff against the same
     * stored tasks and emit the same change twice.
     */
    Enrollment lock(UUID id) {
        Enrollment enrollment = Enrollment.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (enrollment == null) {
            throw InvalidRequest.field(404, "Not found", "id", "no enrollment " + id);
        }
        return enrollment;
    }

    /** The plan for the enrollment's stored completions and the given events, as of today at the site. */
    Plan plan(Enrollment enrollment, List<ClinicalEvent> events) {
        Protocol protocol = catalog.version(enrollment.protocolId, enrollment.protocolVersion).orElseThrow(() ->
                new IllegalStateException("protocol " + enrollment.protocolId + " v" + enrollment.protocolVersion
                        + " is no longer shipped but has enrolled patients"));
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of(enrollment.timezone)));
        List<Completion> completions = Task.lockedOf(enrollment.id).stream().filter(t -> t.completedOn != null)
                .map(t -> new Completion(t.taskKey, t.completedOn,
                        t.completionResult == null ? Map.of() : t.completionResult)).toList();
        return planner.plan(protocol, enrollee(enrollment), events, completions, today);
    }

    static Enrollee enrollee(Enrollment e) {
        return new Enrollee(e.subjectId, e.arm, e.riskGroup, e.anchors, e.weightKg, e.enrolledOn, e.ageYears,
                e.ageMonths, e.attestations == null ? java.util.Set.of() : java.util.Set.copyOf(e.attestations));
    }

    /**
     * Stores the planner's word and emits what changed: scheduled, rescheduled or cancelled. The tasks' events and
     * audit entries are collected and written with one INSERT each (an enrollment plans dozens of tasks), in the
     * order they happened, and so are the new tasks.
     */
    List<Task> apply(Enrollment enrollment, Plan plan) {
        return apply(enrollment, plan, Task.of(enrollment.id).stream()
                .collect(Collectors.toMap(t -> t.taskKey, Function.identity(), (a, b) -> a, HashMap::new)));
    }

    /** The first plan of an enrollment just stored: it has no tasks yet, so none are read. */
    List<Task> applyFirst(Enrollment enrollment, Plan plan) {
        return apply(enrollment, plan, new HashMap<>());
    }

    /** @return all the enrollment's tasks after the change, in {@link Task#inOrder} */
    private List<Task> apply(Enrollment enrollment, Plan plan, Map<String, Task> stored) {
        List<Task> all = new ArrayList<>(stored.values());
        List<Task> added = new ArrayList<>();
        List<Outbox.NewEvent> events = new ArrayList<>();
        AuditTrail.Batch audited = audit.batch();
        for (PlannedTask planned : plan.tasks()) {
            Task task = stored.remove(planned.key());
            if (task == null) {
                task = Task.from(enrollment.id, planned);
                task.version = 1;
                added.add(task);
                all.add(task);
                events.add(event(EventTypes.TASK_SCHEDULED, enrollment, task));
                audited.add(AuditAction.TASK_PLANNED, subject(enrollment, task), null, TaskState.of(task));
            } else {
                TaskState before = TaskState.of(task);
                if (task.take(planned)) {
                    events.add(event(task.status == TaskStatus.CANCELLED ? EventTypes.TASK_CANCELLED
                            : EventTypes.TASK_RESCHEDULED, enrollment, task));
                    audited.add(transition(task.status), subject(enrollment, task), before, TaskState.of(task));
                }
            }
        }
        // A task the planner no longer plans (an arm's branch closed by an event) is cancelled, not deleted.
        for (Task gone : stored.values()) {
            if (gone.status != TaskStatus.CANCELLED && gone.status != TaskStatus.COMPLETED) {
                TaskState before = TaskState.of(gone);
                gone.status = TaskStatus.CANCELLED;
                gone.statusReason = "no longer part of the plan";
                gone.version++;
                events.add(event(EventTypes.TASK_CANCELLED, enrollment, gone));
                audited.add(AuditAction.TASK_CANCELLED, subject(enrollment, gone), before, TaskState.of(gone));
            }
        }
        List<Task> tasks = Task.inOrder(all);
        // before the new tasks are written: their next transition goes into their INSERT
        planned.fire(new TasksPlanned(enrollment, tasks));
        Task.insertAll(em, added);
        outbox.addAll(events);
        audited.write();
        // Relapse, death, withdrawal or an excluding result ends the patient's time on study; withdrawing the event
        // (entered in error) brings the enrollment back, as the planner brings back its tasks.
        EnrollmentState before = EnrollmentState.of(enrollment);
        enrollment.status = EnrollmentStatus.of(plan.alerts());
        enrollment.statusReason = EnrollmentStatus.reason(plan.alerts());
        if (before.status() != null && before.status() != enrollment.status) {
            audit.record(switch (enrollment.status) {
                case ACTIVE -> AuditAction.BACK_ON_STUDY;
                case OFF_STUDY -> AuditAction.TAKEN_OFF_STUDY;
                case SCREEN_FAILURE -> AuditAction.SCREEN_FAILED;
            }, AuditEntry.Subject.enrollment(enrollment.id, enrollment.careTeam), before,
                    EnrollmentState.of(enrollment));
        }
        enrollment.eligibility = plan.eligibility().stream().map(CriterionView::of).toList();
        for (EnrollmentAlert alert : plan.alerts()) {
            int inserted = em.createNativeQuery("""
                    INSERT INTO enrollment_alert (enrollment_id, alert_key, raised_at, kind, reason, alert_date)
                    VALUES (:e, :k, :t, :kind, :reason, :date) ON CONFLICT DO NOTHING""")
                    .setParameter("e", enrollment.id).setParameter("k", alert.key())
                    .setParameter("t", clock.instant()).setParameter("kind", alert.kind())
                    .setParameter("reason", alert.message()).setParameter("date", alert.date()).executeUpdate();
            if (inserted == 1) {
                outbox.add(EventTypes.TOPIC_TASKS, EventTypes.ENROLLMENT_ALERT, enrollment.id.toString(),
                        enrollment.id.toString(), new EnrollmentAlertPayload(alert.key(), enrollment.id.toString(),
                                enrollment.subjectId, enrollment.protocolId, enrollment.siteId, enrollment.careTeam,
                                alert.kind(), alert.date(), alert.message()));
            }
        }
        return tasks;
    }

    /** A task the planner changed: what its new status says happened to it. */
    private static AuditAction transition(TaskStatus status) {
        return switch (status) {
            case CANCELLED -> AuditAction.TASK_CANCELLED;
            case ON_HOLD -> AuditAction.TASK_HELD;
            case COMPLETED -> AuditAction.TASK_DONE;
            default -> AuditAction.TASK_RESCHEDULED;
        };
    }

    private static AuditEntry.Subject subject(Enrollment enrollment, Task task) {
        return AuditEntry.Subject.task(enrollment.id, task.id, enrollment.careTeam);
    }

    private static Outbox.NewEvent event(String type, Enrollment enrollment, Task task) {
        return new Outbox.NewEvent(EventTypes.TOPIC_TASKS, type, enrollment.id.toString(), task.id.toString(),
                task.toPayload(enrollment));
    }
}
