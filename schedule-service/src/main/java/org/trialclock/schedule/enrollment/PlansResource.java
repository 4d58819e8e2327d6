package org.trialclock.schedule.enrollment;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.trialclock.events.EnrollmentRequest;
import org.trialclock.events.TaskPayload;
import org.trialclock.schedule.access.Caller;
import org.trialclock.schedule.access.Roles;

import java.util.List;

/**
 * What an enrollment would give, before it is made: {@code POST /plans/preview} (its tasks) and (added)
 * {@code POST /plans/eligibility} (each criterion with its status, unmet ones included, so the enrollment form shows
 * the result before saving). The same body as an enrollment; nothing is stored or published.
 */
@Path("/plans")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.COORDINATOR, Roles.INVESTIGATOR, Roles.ADMIN})
public class PlansResource {
    private final EnrollmentService service;
    private final Caller caller;

    PlansResource(EnrollmentService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    /** The same task shape as an enrollment's answer. */
    @POST
    @Path("preview")
    public List<TaskPayload> preview(EnrollmentRequest request) {
        requireOwnTeam(request);
        return service.preview(request);
    }

    /**
     * Each criterion with its status (MET, NOT_MET, UNVERIFIED, ATTESTED). A request that is not an enrollment at
     * all (unknown protocol, bad date) is refused as {@code POST /enrollments} would refuse it.
     */
    @POST
    @Path("eligibility")
    public List<CriterionView> eligibility(EnrollmentRequest request) {
        requireOwnTeam(request);
        return service.eligibility(request);
    }

    private void requireOwnTeam(EnrollmentRequest request) {
        if (request != null && request.careTeam() != null) {
            caller.requireTeam(request.careTeam(), "careTeam", "no care team " + request.careTeam());
        }
    }
}
