package org.trialclock.schedule.dispatch;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import org.trialclock.audit.AuditAction;
import org.trialclock.audit.AuditEntry;
import org.trialclock.audit.AuditTrail;
import org.trialclock.events.EventTypes;
import org.trialclock.schedule.enrollment.TaskState;
import org.trialclock.schedule.enrollment.Enrollment;
import org.trialclock.schedule.enrollment.TasksPlanned;
import org.trialclock.schedule.planning.TaskStatus;
import org.trialclock.schedule.enrollment.Task;
import org.trialclock.outbox.BatchLoop;
import org.trialclock.outbox.Outbox;
import org.trialclock.schedule.time.ClockResource;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves tasks through time: reminder, due, overdue. Each transition is the task row's update plus its outbox row
 * in one transaction, on rows claimed with {@code FOR UPDATE SKIP LOCKED}, so any number of replicas dispatch
 * each transition exactly once, and a replica killed mid-batch leaves its rows to the next claimer. A batch is
 * four statements whatever its size: claim, update, outbox insert, and the transitions' audit entries.
 */
@ApplicationScoped
public class Dispatcher {
    private final EntityManager em;
    private final Outbox outbox;
    private final Clock clock;
    private final DispatchConfig config;
    private final DueTasks dueTasks;
    private final BatchLoop loop;
    private final AuditTrail audit;
    /**
     * The next transition as last looked up, and when (null: look now). A commit elsewhere in this process or a clock
     * move clears it; a look older than max-sleep is taken again, so another replica's writes are seen by then.
     */
    private volatile Look look;

    /** Counts the clearings of {@link #look}: a look taken while one happened is stale, and is not kept. */
    private final java.util.concurrent.atomic.AtomicLong cleared = new java.util.concurrent.atomic.AtomicLong();

    private record Look(Instant next, Instant at) {
    }

    Dispatcher(EntityManager em, Outbox outbox, DueTasks dueTasks, Clock clock, DispatchConfig config,
               AuditTrail audit) {
        this.em = em;
        this.outbox = outbox;
        this.dueTasks = dueTasks;
        this.clock = clock;
        this.config = config;
        this.audit = audit;
        this.loop = new BatchLoop("task-dispatcher", config.batchSize(), this::dispatchIfDue, this::untilNextTransition,
                config.maxSleep());
    }

    void start(@Observes StartupEvent ignored) {
        if (config.enabled()) {
            loop.start();
        }
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        loop.stop();
    }

    /**
     * Tasks were written in this process: their next transition may be sooner than the one we sleep for. The
     * dispatcher's own batches are not such a write: each looks up the next transition itself, in its transaction.
     */
    void tasksWritten(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.OutboxWritten ignored) {
        if (loop.onLoopThread()) {
            return;
        }
        forget();
        loop.wakeUp();
    }

    /** Within the re-plan's transaction: what happens next to each of the enrollment's tasks, and when. */
    void tasksPlanned(@Observes TasksPlanned planned) {
        ZoneId zone = ZoneId.of(planned.enrollment().timezone);
        for (Task task : planned.tasks()) {
            scheduleNext(task, zone);
        }
    }

    /** Recomputes the task's next transition from its current state; unchanged state gives the same values. */
    private void scheduleNext(Task task, ZoneId zone) {
        var next = Transition.next(task.status.name(), task.dueDate, task.windowEnd, task.reminderDays, task.remindedFor,
                zone, config.dueTime());
        task.nextTransition = next.map(t -> t.kind().name()).orElse(null);
        task.nextAt = next.map(Transition::at).orElse(null);
    }

    private void forget() {
        cleared.incrementAndGet();
        look = null;
    }

    /** Keeps a look unless it was cleared since {@code clearedBefore} was read (it may then miss that write). */
    private void keep(Look taken, long clearedBefore) {
        if (cleared.get() == clearedBefore) {
            look = taken;
        }
    }

    void clockMoved(@Observes ClockResource.ClockMoved ignored) {
        forget();
        loop.wakeUp();
    }

    /**
     * The loop's batch: dispatches only when something may be due. When the next known transition is still ahead
     * and nothing woke the loop, it asks nothing: an idle dispatcher reads the database once per max-sleep (the
     * min() in {@link #untilNextTransition}), not twice, and still wakes at the transition's instant.
     */
    private int dispatchIfDue() {
        Look known = look;
        if (known != null && known.next().isAfter(clock.instant())) {
            return 0;
        }
        return dispatchBatch();
    }

    /**
     * Until the next known transition, at most until max-sleep after the last look: tasks written by another replica
     * are seen then. A batch's own look is used as it is: a second query after each batch was a third of the time
     * from a due instant to its event in the due-latency bench.
     */
    private Duration untilNextTransition() {
        Instant now = clock.instant();
        Look known = look;
        if (known == null || !known.at().plus(config.maxSleep()).isAfter(now)) {
            long clearedBefore = cleared.get();
            known = QuarkusTransaction.requiringNew().call(this::lookUp);
            keep(known, clearedBefore);
        }
        Instant wake = known.at().plus(config.maxSleep());
        if (known.next().isBefore(wake)) {
            wake = known.next();
        }
        return Duration.between(now, wake);
    }

    /** The earliest next transition of any task (Instant.MAX: none), inside the caller's transaction. */
    private Look lookUp() {
        Instant at = clock.instant();
        Object next = em.createNativeQuery("SELECT min(next_at) FROM task WHERE next_at IS NOT NULL")
                .getSingleResult();
        return new Look(next == null ? Instant.MAX : next instanceof Timestamp ts ? ts.toInstant()
                : next instanceof OffsetDateTime odt ? odt.toInstant() : (Instant) next, at);
    }

    /**
     * Moves every task whose next transition is due now, one batch in one transaction; returns how many. Set-based
     * ({@link DueTasks}): one statement claims the batch with its enrollments, one writes the tasks back, one
     * inserts the batch's events into the outbox, whatever the batch size.
     */
    public int dispatchBatch() {
        Look[] after = new Look[1];
        long clearedBefore = cleared.get();
        int dispatched = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            List<DueTasks.Claimed> batch = dueTasks.claim(now, config.batchSize());
            List<Outbox.NewEvent> events = new ArrayList<>(batch.size());
            List<Task> tasks = new ArrayList<>(batch.size());
            AuditTrail.Batch audited = audit.batch();
            for (DueTasks.Claimed claimed : batch) {
                fire(claimed.task(), claimed.enrollment(), now, events, audited);
                tasks.add(claimed.task());
            }
            dueTasks.update(tasks);
            outbox.addAll(events);
            audited.write();
            after[0] = lookUp();
            return batch.size();
        });
        keep(after[0], clearedBefore); // committed: now it holds
        return dispatched;
    }

    private void fire(Task task, Enrollment enrollment, Instant now, List<Outbox.NewEvent> events,
                      AuditTrail.Batch audited) {
        ZoneId zone = ZoneId.of(enrollment.timezone);
        Transition.Kind kind = Transition.Kind.valueOf(task.nextTransition);
        TaskState before = TaskState.of(task);
        switch (kind) {
            case REMINDER -> {
                task.remindedFor = task.dueDate;
                // A reminder that comes too late to be of use (the task is already due) is not sent.
                if (now.isBefore(Transition.dueAt(task.dueDate, zone, config.dueTime()))) {
                    events.add(event(kind, task, enrollment));
                    audited.add(AuditAction.TASK_REMINDED, subject(task, enrollment), before, TaskState.of(task));
                }
            }
            case DUE -> {
                task.status = TaskStatus.DUE;
                task.version++;
                events.add(event(kind, task, enrollment));
                audited.add(AuditAction.TASK_DUE, subject(task, enrollment), before, TaskState.of(task));
            }
            case OVERDUE -> {
                task.status = TaskStatus.OVERDUE;
                task.version++;
                events.add(event(kind, task, enrollment));
                audited.add(AuditAction.TASK_OVERDUE, subject(task, enrollment), before, TaskState.of(task));
            }
        }
        scheduleNext(task, zone);
    }

    // One row per transition, in the batch's transaction: the trail is complete or the batch did not happen.
    private static AuditEntry.Subject subject(Task task, Enrollment enrollment) {
        return AuditEntry.Subject.task(enrollment.id, task.id, enrollment.careTeam);
    }

    private static Outbox.NewEvent event(Transition.Kind kind, Task task, Enrollment enrollment) {
        return new Outbox.NewEvent(EventTypes.TOPIC_TASKS, kind.eventType, enrollment.id.toString(), task.id.toString(),
                task.toPayload(enrollment));
    }
}
