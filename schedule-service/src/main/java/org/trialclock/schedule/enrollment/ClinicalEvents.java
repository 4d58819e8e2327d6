package org.trialclock.schedule.enrollment;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.trialclock.audit.AuditAction;
import org.trialclock.audit.AuditEntry;
import org.trialclock.audit.AuditTrail;
import org.trialclock.events.EnrollmentRequest;
import org.trialclock.schedule.planning.ClinicalEvent;
import org.trialclock.schedule.planning.EnrollmentRefused;
import org.trialclock.schedule.planning.Plan;
import org.trialclock.schedule.problem.InvalidRequest;
import org.trialclock.schedule.problem.Problem.FieldError;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Clinical events of an enrollment: recorded, corrected or withdrawn, each followed by a re-plan. A refused event
 * (bad field, or the protocol says no) stores nothing.
 */
@ApplicationScoped
public class ClinicalEvents {
    private static final Pattern EVENT_AT = Pattern.compile("events\\[(\\d+)\\]\\.?(.*)");
    private final Replanner replanner;
    private final Clock clock;
    private final EntityManager em;
    private final AuditTrail audit;

    ClinicalEvents(Replanner replanner, Clock clock, EntityManager em, AuditTrail audit) {
        this.replanner = replanner;
        this.clock = clock;
        this.em = em;
        this.audit = audit;
    }

    /** What a clinical event changed: the event row now in force (none after a withdrawal) and the tasks after it. */
    public record Replanned(UUID eventId, List<Task> tasks) {
    }

    /** Records a clinical event and re-plans; a refusal (bad field, or the protocol says no) stores nothing. */
    @Transactional
    public Replanned add(UUID enrollmentId, EnrollmentRequest.ClinicalEventRequest request, String recordedBy) {
        Enrollment enrollment = replanner.lock(enrollmentId);
        ClinicalEvent event = checked(request);
        // Planned first, so an event the protocol refuses is not stored.
        Plan plan = planEvents(enrollment, ClinicalEventRecord.current(enrollment.id), event);
        ClinicalEventRecord record = record(enrollment, event, recordedBy);
        audit.record(AuditAction.EVENT_RECORDED, subject(enrollment), null, ClinicalEventView.of(record));
        return new Replanned(record.id, replanner.apply(enrollment, plan));
    }

    /**
     * A wrongly typed event corrected: the right values become a new row, the old row is kept and points at it,
     * and the schedule is re-planned as if the right values had been there from the start.
     */
    @Transactional
    public Replanned correct(UUID enrollmentId, UUID eventId, EnrollmentRequest.ClinicalEventRequest request,
                             String recordedBy) {
        Enrollment enrollment = replanner.lock(enrollmentId);
        ClinicalEventRecord wrong = currentEvent(enrollment, eventId);
        ClinicalEventView before = ClinicalEventView.of(wrong);
        ClinicalEvent corrected = checked(request);
        List<ClinicalEventRecord> others = ClinicalEventRecord.current(enrollment.id).stream()
                .filter(e -> !e.id.equals(wrong.id)).toList();
        Plan plan = planEvents(enrollment, others, corrected);
        ClinicalEventRecord right = record(enrollment, corrected, recordedBy);
        em.flush(); // the new row exists before the old one points at it
        wrong.supersededBy = right.id;
        audit.record(AuditAction.EVENT_CORRECTED, subject(enrollment), before, ClinicalEventView.of(right));
        return new Replanned(right.id, replanner.apply(enrollment, plan));
    }

    /** An event entered in error is withdrawn: kept in the history, no longer read by the planner. */
    @Transactional
    public Replanned retract(UUID enrollmentId, UUID eventId) {
        Enrollment enrollment = replanner.lock(enrollmentId);
        ClinicalEventRecord entered = currentEvent(enrollment, eventId);
        ClinicalEventView before = ClinicalEventView.of(entered);
        List<ClinicalEventRecord> others = ClinicalEventRecord.current(enrollment.id).stream()
                .filter(e -> !e.id.equals(entered.id)).toList();
        Plan plan = planEvents(enrollment, others, null);
        entered.retractedAt = clock.instant();
        audit.record(AuditAction.EVENT_WITHDRAWN, subject(enrollment), before, ClinicalEventView.of(entered));
        return new Replanned(null, replanner.apply(enrollment, plan));
    }

    /** Every event reported for the enrollment, corrected and withdrawn ones included, so the history is whole. */
    public List<ClinicalEventRecord> history(UUID enrollmentId) {
        return ClinicalEventRecord.history(enrollment(enrollmentId).id);
    }

    public ClinicalEventRecord event(UUID enrollmentId, UUID eventId) {
        Enrollment enrollment = enrollment(enrollmentId);
        return ClinicalEventRecord.of(enrollment.id, eventId).orElseThrow(() -> InvalidRequest.field(404, "Not found",
                "eventId", "no event " + eventId + " in enrollment " + enrollmentId));
    }

    ClinicalEventRecord record(Enrollment enrollment, ClinicalEvent event, String recordedBy) {
        ClinicalEventRecord record = new ClinicalEventRecord();
        record.id = UUID.randomUUID();
        record.enrollmentId = enrollment.id;
        record.type = event.type();
        record.eventDate = event.date();
        record.data = event.data();
        record.recordedAt = clock.instant();
        record.recordedBy = recordedBy;
        record.persist();
        return record;
    }

    private static AuditEntry.Subject subject(Enrollment enrollment) {
        return AuditEntry.Subject.enrollment(enrollment.id, enrollment.careTeam);
    }

    private static Enrollment enrollment(UUID id) {
        Enrollment enrollment = Enrollment.findById(id);
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
            return replanner.plan(enrollment, events);
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
}
