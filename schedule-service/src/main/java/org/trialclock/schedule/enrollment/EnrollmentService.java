package org.trialclock.schedule.enrollment;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.trialclock.audit.AuditAction;
import org.trialclock.audit.AuditEntry;
import org.trialclock.audit.AuditTrail;
import org.trialclock.events.EnrollmentRequest;
import org.trialclock.events.TaskPayload;
import org.trialclock.schedule.planning.ClinicalEvent;
import org.trialclock.schedule.planning.CriterionStatus;
import org.trialclock.schedule.planning.Enrollee;
import org.trialclock.schedule.planning.Plan;
import org.trialclock.schedule.planning.Planner;
import org.trialclock.schedule.problem.InvalidRequest;
import org.trialclock.schedule.problem.Problem.FieldError;
import org.trialclock.schedule.protocol.ProtocolCatalog;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Enrolls patients (and previews what an enrollment would get): checked, planned, then stored and published. */
@ApplicationScoped
public class EnrollmentService {
    private final ProtocolCatalog catalog;
    private final Replanner replanner;
    private final ClinicalEvents events;
    private final Clock clock;
    private final EntityManager em;
    private final AuditTrail audit;
    private final Planner planner = new Planner();

    EnrollmentService(ProtocolCatalog catalog, Replanner replanner, ClinicalEvents events, Clock clock,
                      EntityManager em, AuditTrail audit) {
        this.catalog = catalog;
        this.replanner = replanner;
        this.events = events;
        this.clock = clock;
        this.em = em;
        this.audit = audit;
    }

    /** The schedule a coordinator would get; nothing is stored. */
    public List<TaskPayload> preview(EnrollmentRequest request) {
        EnrollmentInput input = EnrollmentInput.check(request, catalog, clock);
        LocalDate today = LocalDate.now(clock.withZone(input.timezone()));
        Plan plan = planner.plan(input.protocol(), enrollee(input, today), input.events(), List.of(), today);
        refuseIfNotEligible(plan);
        return plan.tasks().stream().map(t -> Task.preview(t, input)).toList();
    }

    /** Each eligibility criterion judged for this request as it stands, unmet ones included; nothing is stored. */
    public List<CriterionView> eligibility(EnrollmentRequest request) {
        EnrollmentInput input = EnrollmentInput.check(request, catalog, clock);
        LocalDate today = LocalDate.now(clock.withZone(input.timezone()));
        Plan plan = planner.plan(input.protocol(), enrollee(input, today), input.events(), List.of(), today);
        return plan.eligibility().stream().map(CriterionView::of).toList();
    }

    /** An enrollment just stored, with its tasks as planned. */
    public record Enrolled(Enrollment enrollment, List<Task> tasks) {
    }

    @Transactional
    public Enrolled enroll(EnrollmentRequest request, String enrolledBy) {
        EnrollmentInput input = EnrollmentInput.check(request, catalog, clock);
        if (Enrollment.activeExists(input.subjectId(), input.protocol().id())) {
            throw new InvalidRequest(409, "Already enrolled", List.of(new FieldError("subjectId",
                    input.subjectId() + " is already actively enrolled in " + input.protocol().id())));
        }
        LocalDate today = LocalDate.now(clock.withZone(input.timezone()));
        // Planned before anything is written: a refusal by the protocol stores and publishes nothing.
        Plan plan = planner.plan(input.protocol(), enrollee(input, today), input.events(), List.of(), today);
        refuseIfNotEligible(plan);

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
        enrollment.ageYears = input.ageYears();
        enrollment.ageMonths = input.ageMonths();
        enrollment.attestations = List.copyOf(input.attestations());
        enrollment.eligibility = plan.eligibility().stream().map(CriterionView::of).toList();
        enrollment.status = EnrollmentStatus.ACTIVE;
        enrollment.enrolledOn = today;
        enrollment.enrolledBy = enrolledBy;
        enrollment.createdAt = clock.instant();
        enrollment.persist();
        audit.record(AuditAction.ENROLLED, AuditEntry.Subject.enrollment(enrollment.id, enrollment.careTeam), null,
                EnrollmentState.of(enrollment));
        for (ClinicalEvent event : input.events()) {
            ClinicalEventRecord record = events.record(enrollment, event, enrolledBy);
            audit.record(AuditAction.EVENT_RECORDED, AuditEntry.Subject.enrollment(enrollment.id,
                    enrollment.careTeam), null, ClinicalEventView.of(record));
        }
        em.flush(); // the unique index on active enrollments speaks now, not at commit
        return new Enrolled(enrollment, replanner.applyFirst(enrollment, plan));
    }

    public Enrollment find(UUID id) {
        Enrollment enrollment = Enrollment.findById(id);
        if (enrollment == null) {
            throw InvalidRequest.field(404, "Not found", "id", "no enrollment " + id);
        }
        return enrollment;
    }

    /**
     * Data showing a criterion unmet refuses the enrollment, naming each criterion and its text. (After enrollment
     * the same finding makes the patient a screen failure instead: a result is kept, never refused.)
     */
    private static void refuseIfNotEligible(Plan plan) {
        List<CriterionStatus> notMet = plan.notMet();
        if (!notMet.isEmpty()) {
            throw new InvalidRequest(422, "Not eligible", notMet.stream().map(c -> new FieldError(
                    "eligibility." + c.id(), c.text() + ": " + c.reason())).toList());
        }
    }

    private static Enrollee enrollee(EnrollmentInput input, LocalDate today) {
        return new Enrollee(input.subjectId(), input.arm(), input.riskGroup(), input.anchors(), input.weightKg(), today,
                input.ageYears(), input.ageMonths(), input.attestations());
    }
}
