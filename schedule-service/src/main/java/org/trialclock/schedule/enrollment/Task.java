package org.trialclock.schedule.enrollment;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.hibernate.Session;
import org.trialclock.events.TaskPayload;
import org.trialclock.schedule.planning.PlannedTask;
import org.trialclock.schedule.planning.TaskStatus;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** A stored task of an enrollment: the planner's latest word on it, plus what the dispatcher made of it. */
@Entity
public class Task extends PanacheEntityBase {
    @Id
    public UUID id;
    public UUID enrollmentId;
    public String taskKey;
    public String activity;
    public String kind;
    public String title;
    public Integer cycle;
    public LocalDate dueDate;
    public LocalDate windowStart;
    public LocalDate windowEnd;
    @Enumerated(EnumType.STRING)
    public TaskStatus status;
    public String statusReason;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public TaskPayload.Dose dose;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public TaskPayload.Gate gate;
    public int reminderDays;
    public LocalDate completedOn;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public Map<String, Object> completionResult;
    public long version;
    /** What time alone does next to this task (reminder, due, overdue), and when; null when nothing. Kept by the dispatcher. */
    public String nextTransition;
    public Instant nextAt;
    /** The due date a reminder went out for. */
    public LocalDate remindedFor;

    /** The same task keeps the same id across re-plans: it is derived from the enrollment and the planner's key. */
    static UUID idOf(UUID enrollmentId, String taskKey) {
        return UUID.nameUUIDFromBytes((enrollmentId + "/" + taskKey).getBytes(StandardCharsets.UTF_8));
    }

    public static List<Task> of(UUID enrollmentId) {
        return inOrder(find("enrollmentId = ?1", enrollmentId).list());
    }

    /**
     * Tasks as every view lists them: by due date (never null: the column is NOT NULL), then key. Sorted here rather
     * than by SQL so that a list read back and a list just written come out alike whatever the database's collation.
     */
    static List<Task> inOrder(java.util.Collection<Task> tasks) {
        return tasks.stream().sorted(java.util.Comparator.comparing((Task t) -> t.dueDate)
                .thenComparing(t -> t.taskKey)).toList();
    }

    /**
     * The enrollment's tasks, locked until the transaction ends: a re-plan must not overwrite a transition the
     * dispatcher is committing, and the dispatcher skips rows a re-plan holds. Read first in a re-plan, so the
     * persistence context holds the fresh rows.
     */
    static List<Task> lockedOf(UUID enrollmentId) {
        return find("enrollmentId = ?1 order by dueDate, taskKey", enrollmentId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }


    static Task from(UUID enrollmentId, PlannedTask planned) {
        Task task = new Task();
        task.id = idOf(enrollmentId, planned.key());
        task.enrollmentId = enrollmentId;
        task.taskKey = planned.key();
        task.version = 0;
        task.take(planned);
        return task;
    }

    /**
     * Writes new tasks with one INSERT of arrays, as the outbox and the audit trail write theirs. Persisting each
     * with Hibernate (a JDBC-batched INSERT per row, and a snapshot of each of its three JSON columns at flush) was a
     * quarter of an enrollment's CPU in the profile (bench/README.md). The tasks are not managed afterwards: every
     * value, the next transition included, is set before this is called.
     */
    static void insertAll(EntityManager em, List<Task> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO task (id, enrollment_id, task_key, activity, kind, title, cycle, due_date, window_start,
                                      window_end, status, status_reason, dose, gate, reminder_days, completed_on,
                                      version, next_transition, next_at, reminded_for, completion_result)
                    SELECT id, enrollment_id, task_key, activity, kind, title, cycle, CAST(due_date AS date),
                           CAST(window_start AS date), CAST(window_end AS date), status, status_reason,
                           CAST(dose AS jsonb), CAST(gate AS jsonb), reminder_days, CAST(completed_on AS date), version,
                           next_transition, next_at, CAST(reminded_for AS date), CAST(completion_result AS jsonb)
                    FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int4[],
                                ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int4[],
                                ?::text[], ?::int8[], ?::text[], ?::timestamptz[], ?::text[], ?::text[])
                         AS t(id, enrollment_id, task_key, activity, kind, title, cycle, due_date, window_start,
                              window_end, status, status_reason, dose, gate, reminder_days, completed_on, version,
                              next_transition, next_at, reminded_for, completion_result)""")) {
                List<java.util.function.Function<Task, Object>> columns = List.of(t -> t.id, t -> t.enrollmentId,
                        t -> t.taskKey, t -> t.activity, t -> t.kind, t -> t.title, t -> t.cycle, t -> text(t.dueDate),
                        t -> text(t.windowStart), t -> text(t.windowEnd), t -> t.status.name(), t -> t.statusReason,
                        t -> json(t.dose), t -> json(t.gate), t -> t.reminderDays, t -> text(t.completedOn),
                        t -> t.version, t -> t.nextTransition,
                        t -> t.nextAt == null ? null : java.time.OffsetDateTime.ofInstant(t.nextAt, java.time.ZoneOffset.UTC),
                        t -> text(t.remindedFor), t -> json(t.completionResult));
                String[] types = {"uuid", "uuid", "text", "text", "text", "text", "int4", "text", "text", "text",
                        "text", "text", "text", "text", "int4", "text", "int8", "text", "timestamptz", "text", "text"};
                for (int c = 0; c < columns.size(); c++) {
                    insert.setArray(c + 1, connection.createArrayOf(types[c],
                            tasks.stream().map(columns.get(c)).toArray()));
                }
                insert.executeUpdate();
            }
        });
    }

    private static String text(LocalDate date) {
        return date == null ? null : date.toString();
    }

    private static String json(Object value) {
        try {
            return value == null ? null : org.trialclock.events.Json.MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a task's JSON column cannot be written", e);
        }
    }

    /** Takes the planner's values; returns whether anything a care team would see changed. */
    boolean take(PlannedTask planned) {
        TaskPayload.Dose newDose = dose(planned);
        TaskPayload.Gate newGate = gate(planned);
        TaskStatus newStatus = planned.status();
        // DUE and OVERDUE are the dispatcher's word on a PLANNED task; a re-plan that keeps the dates keeps them.
        if ((status == TaskStatus.DUE || status == TaskStatus.OVERDUE) && newStatus == TaskStatus.PLANNED
                && Objects.equals(dueDate, planned.dueDate()) && Objects.equals(windowEnd, planned.windowEnd())) {
            newStatus = status;
        }
        boolean changed = !Objects.equals(activity, planned.activity())
                || !Objects.equals(kind, planned.kind().name())
                || !Objects.equals(title, planned.title())
                || !Objects.equals(cycle, planned.cycle())
                || !Objects.equals(dueDate, planned.dueDate())
                || !Objects.equals(windowStart, planned.windowStart())
                || !Objects.equals(windowEnd, planned.windowEnd())
                || !Objects.equals(status, newStatus)
                || !Objects.equals(statusReason, planned.statusReason())
                || !sameDose(dose, newDose)
                || !Objects.equals(gate, newGate)
                || reminderDays != planned.reminderDaysBefore()
                || !Objects.equals(completedOn, planned.completedOn());
        if (changed) {
            activity = planned.activity();
            kind = planned.kind().name();
            title = planned.title();
            cycle = planned.cycle();
            dueDate = planned.dueDate();
            windowStart = planned.windowStart();
            windowEnd = planned.windowEnd();
            status = newStatus;
            statusReason = planned.statusReason();
            dose = newDose;
            gate = newGate;
            reminderDays = planned.reminderDaysBefore();
            completedOn = planned.completedOn();
            version++;
        }
        return changed;
    }

    /**
     * Doses are compared by value: jsonb keeps a number's value, not its scale (1.0E+7 cells/kg comes back as
     * 10000000), and {@code BigDecimal.equals} would call that a change and re-publish the task on every re-plan.
     */
    static boolean sameDose(TaskPayload.Dose a, TaskPayload.Dose b) {
        if (a == null || b == null) {
            return a == b;
        }
        return sameNumber(a.amount(), b.amount()) && Objects.equals(a.unit(), b.unit())
                && Objects.equals(a.per(), b.per()) && sameNumber(a.absolute(), b.absolute())
                && Objects.equals(a.text(), b.text());
    }

    private static boolean sameNumber(BigDecimal a, BigDecimal b) {
        return a == null || b == null ? a == b : a.compareTo(b) == 0;
    }

    private static TaskPayload.Dose dose(PlannedTask planned) {
        return planned.dose() == null ? null : new TaskPayload.Dose(planned.dose().amount(),
                planned.dose().unit(), planned.dose().per(), planned.dose().absolute(), planned.dose().text());
    }

    private static TaskPayload.Gate gate(PlannedTask planned) {
        return planned.gate() == null ? null : new TaskPayload.Gate(planned.gate().rule(),
                planned.gate().state(), planned.gate().reason(), planned.gate().source());
    }

    /**
     * A previewed task in the same shape a coordinator will see after enrolling; it has no id or enrollment yet,
     * because nothing is stored.
     */
    static TaskPayload preview(PlannedTask planned, EnrollmentInput input) {
        return new TaskPayload(null, null, input.subjectId(), input.protocol().id(), input.protocol().version(),
                planned.activity(), planned.kind().name(), planned.title(), planned.cycle(), planned.dueDate(),
                planned.windowStart(), planned.windowEnd(), planned.status().name(), planned.statusReason(),
                dose(planned), gate(planned), input.siteId(), input.careTeam(), input.timezone().getId(), 0);
    }

    /** The one place a stored task becomes its REST and event form. */
    public TaskPayload toPayload(Enrollment enrollment) {
        return new TaskPayload(id.toString(), enrollmentId.toString(), enrollment.subjectId, enrollment.protocolId,
                enrollment.protocolVersion, activity, kind, title, cycle, dueDate, windowStart, windowEnd, status.name(),
                statusReason, dose, gate, enrollment.siteId, enrollment.careTeam, enrollment.timezone, version);
    }
}
