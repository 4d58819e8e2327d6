package org.trialclock.schedule.enrollment;

import org.trialclock.schedule.access.Roles;
import org.trialclock.schedule.access.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.trialclock.events.EnrollmentRequest;
import org.trialclock.events.TaskPayload;
import org.trialclock.schedule.problem.InvalidRequest;

import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Path("/enrollments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EnrollmentResource {
    private final EnrollmentService service;
    private final ClinicalEvents clinicalEvents;
    private final EntityManager em;
    private final Caller caller;

    EnrollmentResource(EnrollmentService service, ClinicalEvents clinicalEvents, EntityManager em, Caller caller) {
        this.service = service;
        this.clinicalEvents = clinicalEvents;
        this.em = em;
        this.caller = caller;
    }

    /** An enrollment as REST shows it, with its eligibility, alerts and tasks. */
    public record EnrollmentView(String id, String subjectId, String protocolId, String protocolVersion, String arm,
                                 String riskGroup, String siteId, String careTeam, String timezone,
                                 Map<String, LocalDate> anchors, BigDecimal weightKg, Integer ageYears,
                                 Integer ageMonths, List<String> attestations, String status, String statusReason,
                                 LocalDate enrolledOn, String enrolledBy, Eligibility eligibility, List<AlertView> alerts,
                                 List<TaskPayload> tasks) {
        /** {@code criteria}: each criterion with its status (MET, NOT_MET, UNVERIFIED, ATTESTED). */
        public record Eligibility(List<CriterionView> criteria) {
        }

    }

    private EnrollmentView view(Enrollment e) {
        return view(e, Task.of(e.id));
    }

    private EnrollmentView view(Enrollment e, List<Task> tasks) {
        return new EnrollmentView(e.id.toString(), e.subjectId, e.protocolId, e.protocolVersion, e.arm,
                e.riskGroup, e.siteId, e.careTeam, e.timezone, e.anchors, e.weightKg, e.ageYears, e.ageMonths,
                e.attestations == null ? List.of() : e.attestations, e.status.name(), e.statusReason, e.enrolledOn, e.enrolledBy,
                new EnrollmentView.Eligibility(e.eligibility == null ? List.of() : e.eligibility),
                AlertView.of(em, e.id, ZoneId.of(e.timezone)), tasks.stream().map(t -> t.toPayload(e)).toList());
    }

    /** The enrolling coordinator is the token's subject ({@code enrolledBy}); the body cannot name another. */
    @POST
    @RolesAllowed({Roles.COORDINATOR, Roles.ADMIN})
    public Response enroll(EnrollmentRequest request) {
        requireBodyTeam(request);
        EnrollmentService.Enrolled enrolled = service.enroll(request, caller.subject());
        Enrollment enrollment = enrolled.enrollment();
        return Response.created(URI.create("/enrollments/" + enrollment.id))
                .entity(view(enrollment, enrolled.tasks())).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.COORDINATOR, Roles.INVESTIGATOR, Roles.ADMIN})
    public EnrollmentView get(@PathParam("id") String id) {
        return view(service.find(uuid(id)));
    }

    @GET
    @Path("{id}/tasks")
    @RolesAllowed({Roles.COORDINATOR, Roles.CARE_TEAM, Roles.INVESTIGATOR, Roles.ADMIN})
    public List<TaskPayload> tasks(@PathParam("id") String id) {
        Enrollment enrollment = service.find(uuid(id));
        return Task.of(enrollment.id).stream().map(t -> t.toPayload(enrollment)).toList();
    }

    /** Only enrollments of the caller's teams are listed. */
    @GET
    @RolesAllowed({Roles.COORDINATOR, Roles.INVESTIGATOR, Roles.ADMIN})
    public List<EnrollmentView> list(@QueryParam("siteId") String siteId, @QueryParam("careTeam") String careTeam) {
        return Enrollment.bySiteAndTeam(siteId, careTeam, caller.teams()).stream().map(this::view).toList();
    }

    /**
     * Records a clinical event and re-plans. Answers 201 with the enrollment's tasks after it; the new event's
     * address (for a later correction) is in {@code Location}.
     */
    @POST
    @Path("{id}/events")
    @RolesAllowed({Roles.COORDINATOR, Roles.ADMIN})
    public Response addEvent(@PathParam("id") String id, EnrollmentRequest.ClinicalEventRequest event) {
        UUID enrollmentId = uuid(id);
        return replanned(enrollmentId, clinicalEvents.add(enrollmentId, event, caller.subject()),
                Response.Status.CREATED);
    }

    @GET
    @Path("{id}/events")
    @RolesAllowed({Roles.COORDINATOR, Roles.INVESTIGATOR, Roles.ADMIN})
    public List<ClinicalEventView> events(@PathParam("id") String id) {
        return clinicalEvents.history(uuid(id)).stream().map(ClinicalEventView::of).toList();
    }

    @GET
    @Path("{id}/events/{eventId}")
    @RolesAllowed({Roles.COORDINATOR, Roles.INVESTIGATOR, Roles.ADMIN})
    public ClinicalEventView event(@PathParam("id") String id, @PathParam("eventId") String eventId) {
        return ClinicalEventView.of(clinicalEvents.event(uuid(id), eventUuid(eventId)));
    }

    /**
     * Corrects a wrongly typed event (same body as POST). The old values stay in the history; the corrected event
     * gets a new id, given in {@code Location}, and the schedule is re-planned as if it had been right all along.
     */
    @PUT
    @Path("{id}/events/{eventId}")
    @RolesAllowed({Roles.COORDINATOR, Roles.ADMIN})
    public Response correctEvent(@PathParam("id") String id, @PathParam("eventId") String eventId,
                                 EnrollmentRequest.ClinicalEventRequest event) {
        UUID enrollmentId = uuid(id);
        return replanned(enrollmentId, clinicalEvents.correct(enrollmentId, eventUuid(eventId), event, caller.subject()),
                Response.Status.OK);
    }

    /** Withdraws an event entered in error; it stays in the history, marked withdrawn. */
    @DELETE
    @Path("{id}/events/{eventId}")
    @RolesAllowed({Roles.COORDINATOR, Roles.ADMIN})
    public Response retractEvent(@PathParam("id") String id, @PathParam("eventId") String eventId) {
        UUID enrollmentId = uuid(id);
        return replanned(enrollmentId, clinicalEvents.retract(enrollmentId, eventUuid(eventId)), Response.Status.OK);
    }

    private Response replanned(UUID enrollmentId, ClinicalEvents.Replanned replanned, Response.Status status) {
        Enrollment enrollment = service.find(enrollmentId);
        var response = Response.status(status)
                .entity(replanned.tasks().stream().map(t -> t.toPayload(enrollment)).toList());
        if (replanned.eventId() != null) {
            response.location(URI.create("/enrollments/" + enrollmentId + "/events/" + replanned.eventId()));
        }
        return response.build();
    }

    /** A team the caller is not on is answered as if it did not exist (a missing one is refused by the checks). */
    private void requireBodyTeam(EnrollmentRequest request) {
        if (request != null && request.careTeam() != null) {
            caller.requireTeam(request.careTeam(), "careTeam", "no care team " + request.careTeam());
        }
    }

    private static UUID eventUuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.field(404, "Not found", "eventId", "'" + id + "' is not an event id");
        }
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.field(404, "Not found", "id", "'" + id + "' is not an enrollment id");
        }
    }
}
