package org.trialclock.schedule.enrollment;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.trialclock.audit.AuditAction;
import org.trialclock.audit.AuditEntry;
import org.trialclock.audit.AuditTrail;
import org.trialclock.events.Json;
import org.trialclock.events.TaskCompletedPayload;
import org.trialclock.schedule.planning.ClinicalEvent;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Completions recorded by care teams: the task is done on its real date and the schedule after it is re-planned
 * from there. Of two completions of one task the one recorded later (notify-service's {@code recordedAt}) is in
 * force, whatever order they arrive in: a re-delivered old completion never undoes a correction. All are kept.
 */
@ApplicationScoped
public class Completions {
    private final Replanner replanner;
    private final Clock clock;
    private final EntityManager em;
    private final AuditTrail audit;

    Completions(Replanner replanner, Clock clock, EntityManager em, AuditTrail audit) {
        this.replanner = replanner;
        this.clock = clock;
        this.em = em;
        this.audit = audit;
    }

    /** Every change it causes, down to the re-planned tasks, is the completing person's in the audit trail. */
    @Transactional
    public void complete(TaskCompletedPayload completion) {
        try (AuditTrail.Acting ignored = audit.onBehalfOf(completion.by())) {
            apply(completion);
        }
    }

    private void apply(TaskCompletedPayload completion) {
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
        Enrollment enrollment = replanner.lock((UUID) owner.get(0));
        Task done = Task.lockedOf(enrollment.id).stream().filter(t -> t.id.equals(taskId)).findFirst().orElseThrow();
        Instant received = clock.instant();
        Instant recorded = completion.recordedAt() != null ? completion.recordedAt() : received;
        int inserted = em.createNativeQuery("""
                INSERT INTO task_completion (completion_id, task_id, completed_on, completed_by, result, received_at,
                                             recorded_at)
                VALUES (:id, :task, :on, :by, CAST(:result AS jsonb), :at, :recorded) ON CONFLICT DO NOTHING""")
                .setParameter("id", UUID.fromString(completion.completionId())).setParameter("task", done.id)
                .setParameter("on", completion.completedOn()).setParameter("by", completion.by())
                .setParameter("result", json(completion.result())).setParameter("at", received)
                .setParameter("recorded", recorded).executeUpdate();
        if (inserted == 0) {
            return; // the same completion again
        }
        Number later = (Number) em.createNativeQuery("""
                SELECT count(*) FROM task_completion
                WHERE task_id = :task AND completion_id <> :id AND recorded_at > :recorded""")
                .setParameter("task", done.id).setParameter("id", UUID.fromString(completion.completionId()))
                .setParameter("recorded", recorded).getSingleResult();
        boolean inForce = later.longValue() == 0;
        audit.record(AuditAction.COMPLETION_APPLIED, AuditEntry.Subject.task(enrollment.id, done.id,
                enrollment.careTeam), TaskState.of(done), new Applied(completion.completionId(),
                completion.completedOn(), completion.by(), completion.result(), completion.recordedAt(), inForce),
                // who did it: the signed-in subject notify-service took the completion from, carried in the event
                completion.by());
        if (!inForce) {
            return; // an older completion arriving late: the correction recorded after it stays in force
        }
        List<ClinicalEvent> events = ClinicalEventRecord.current(enrollment.id).stream()
                .map(ClinicalEventRecord::toEvent).toList();
        done.completedOn = completion.completedOn();
        done.completionResult = completion.result();
        replanner.apply(enrollment, replanner.plan(enrollment, events));
    }

    /** A completion as the audit trail keeps it; {@code inForce} false: a later correction already stands. */
    record Applied(String completionId, java.time.LocalDate completedOn, String by, Map<String, Object> result,
                   Instant recordedAt, boolean inForce) {
    }

    private static String json(Map<String, Object> result) {
        try {
            return result == null ? null : Json.MAPPER.writeValueAsString(result);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("completion result is not JSON", e);
        }
    }
}
