package org.trialclock.schedule.fhir;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.hl7.fhir.r4.model.Task;
import org.trialclock.events.TaskPayload;
import org.trialclock.schedule.enrollment.Enrollment;
import org.trialclock.schedule.enrollment.EnrollmentStatus;
import org.trialclock.schedule.views.EnrollmentSchedule;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.UUID;

/**
 * One enrollment in FHIR R4: the ResearchSubject (the patient in the study), the CarePlan (one activity per task,
 * scheduled over its window, with its status) and a Task per task, in a collection Bundle. The patient and the
 * study are referred to by identifier: TrialClock holds neither record, only the subject id and the registration.
 */
final class SubjectBundle {
    static final String URI_IDENTIFIER = "urn:ietf:rfc:3986";
    static final String REGISTRY = "https://clinicaltrials.gov";

    private SubjectBundle() {
    }

    static Bundle of(EnrollmentSchedule schedule, Instant now) {
        Enrollment e = schedule.enrollment();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION).setTimestamp(Date.from(now));
        bundle.setId(e.id.toString());
        bundle.setIdentifier(uriIdentifier(e.id));

        ResearchSubject subject = new ResearchSubject()
                .setStatus(e.status == EnrollmentStatus.ACTIVE ? ResearchSubject.ResearchSubjectStatus.ONSTUDY
                        : ResearchSubject.ResearchSubjectStatus.OFFSTUDY)
                .setPeriod(new Period().setStartElement(day(e.enrolledOn)))
                .setStudy(study(schedule))
                .setIndividual(patient(e))
                .setAssignedArm(e.arm)
                .addIdentifier(uriIdentifier(e.id));
        subject.setId(e.id.toString());
        add(bundle, subject);

        UUID carePlanId = nameUuid(e.id + "/care-plan");
        CarePlan plan = new CarePlan()
                .setStatus(e.status == EnrollmentStatus.ACTIVE ? CarePlan.CarePlanStatus.ACTIVE : CarePlan.CarePlanStatus.REVOKED)
                .setIntent(CarePlan.CarePlanIntent.PLAN)
                .setTitle(e.protocolId + " v" + e.protocolVersion + " schedule of " + e.subjectId)
                .setDescription(schedule.protocol().title())
                .setSubject(patient(e));
        plan.setId(carePlanId.toString());
        plan.addIdentifier(uriIdentifier(carePlanId));
        for (TaskPayload t : schedule.tasks()) {
            CarePlan.CarePlanActivityDetailComponent detail = plan.addActivity().getDetail()
                    .setKind(CarePlan.CarePlanActivityKind.TASK)
                    .setCode(new CodeableConcept().setText(t.kind()))
                    .setStatus(activityStatus(t.status()))
                    .setScheduled(window(t))
                    .setDescription(description(t));
            if (!"PLANNED".equals(t.status()) && !"COMPLETED".equals(t.status())) {
                detail.setStatusReason(new CodeableConcept().setText(reason(t)));
            }
        }
        add(bundle, plan);

        for (TaskPayload t : schedule.tasks()) {
            Task task = new Task()
                    .setStatus(taskStatus(t.status()))
                    .setIntent(Task.TaskIntent.PLAN)
                    .setBusinessStatus(new CodeableConcept().setText(t.status()))
                    .setCode(new CodeableConcept().setText(t.kind()))
                    .setDescription(description(t))
                    .setFor(patient(e))
                    .setRestriction(new Task.TaskRestrictionComponent().setPeriod(window(t)));
            task.setId(t.id());
            task.addIdentifier(uriIdentifier(UUID.fromString(t.id())));
            task.addBasedOn(new Reference("urn:uuid:" + carePlanId));
            if (t.statusReason() != null) {
                task.setStatusReason(new CodeableConcept().setText(t.statusReason()));
            }
            add(bundle, task);
        }
        return bundle;
    }

    /** "Blinatumomab, cycle 1: day 1, infusion starts; due 2026-03-11; 9 ug/day". */
    private static String description(TaskPayload t) {
        String text = t.title() + "; due " + t.dueDate();
        if (t.dose() != null && t.dose().text() != null) {
            text += "; " + t.dose().text();
        }
        return text;
    }

    private static String reason(TaskPayload t) {
        String status = t.status().toLowerCase().replace('_', ' ');
        return t.statusReason() == null ? status : status + ": " + t.statusReason();
    }

    /** The window the task may be done in, both ends included. */
    private static Period window(TaskPayload t) {
        return new Period().setStartElement(day(t.windowStart())).setEndElement(day(t.windowEnd()));
    }

    static CarePlan.CarePlanActivityStatus activityStatus(String status) {
        return switch (status) {
            case "COMPLETED" -> CarePlan.CarePlanActivityStatus.COMPLETED;
            case "ON_HOLD" -> CarePlan.CarePlanActivityStatus.ONHOLD;
            case "CANCELLED" -> CarePlan.CarePlanActivityStatus.CANCELLED;
            case "PRE_ENROLLMENT" -> CarePlan.CarePlanActivityStatus.NOTSTARTED;
            default -> CarePlan.CarePlanActivityStatus.SCHEDULED; // planned, due, overdue: the reason says which
        };
    }

    /** A task asked of the care team: requested until due, ready when due or overdue. */
    static Task.TaskStatus taskStatus(String status) {
        return switch (status) {
            case "DUE", "OVERDUE" -> Task.TaskStatus.READY;
            case "COMPLETED" -> Task.TaskStatus.COMPLETED;
            case "ON_HOLD" -> Task.TaskStatus.ONHOLD;
            case "CANCELLED", "PRE_ENROLLMENT" -> Task.TaskStatus.CANCELLED;
            default -> Task.TaskStatus.REQUESTED;
        };
    }

    private static Reference study(EnrollmentSchedule schedule) {
        var protocol = schedule.protocol();
        return new Reference().setDisplay(protocol.title())
                .setIdentifier(new Identifier().setSystem(REGISTRY).setValue(protocol.registration() != null
                        ? protocol.registration() : protocol.id()));
    }

    /** The patient by the study's subject id, scoped to the enrolling site. */
    private static Reference patient(Enrollment e) {
        return new Reference().setDisplay(e.subjectId)
                .setIdentifier(new Identifier().setSystem("urn:trialclock:site:" + e.siteId + ":subject")
                        .setValue(e.subjectId));
    }

    private static Identifier uriIdentifier(UUID id) {
        return new Identifier().setSystem(URI_IDENTIFIER).setValue("urn:uuid:" + id);
    }

    private static void add(Bundle bundle, Resource resource) {
        bundle.addEntry().setFullUrl("urn:uuid:" + resource.getIdElement().getIdPart()).setResource(resource);
    }

    /** A date without a time: FHIR keeps the day precision, so no time zone shifts it. */
    private static DateTimeType day(LocalDate d) {
        return d == null ? null : new DateTimeType(d.toString());
    }

    private static UUID nameUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
