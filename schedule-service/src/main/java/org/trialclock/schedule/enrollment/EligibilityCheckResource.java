package org.trialclock.schedule.enrollment;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.trialclock.events.EnrollmentRequest;
import org.trialclock.schedule.access.Caller;
import org.trialclock.schedule.access.Roles;

import java.util.List;

/**
 * (added) {@code POST /plans/eligibility}: the same body as an enrollment; each criterion with its status (MET,
 * NOT_MET, UNVERIFIED, ATTESTED), unmet ones included, so the enrollment form shows the coordinator the result
 * before saving. Nothing is stored. A request that is not an enrollment at all (unknown protocol, bad date) is
 * refused as {@code POST /enrollments} would refuse it.
 */
@Path("/plans/eligibility")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EligibilityCheckResource {
    private final EnrollmentService service;
    private final Caller caller;

    EligibilityCheckResource(EnrollmentService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({Roles.COORDINATOR, Roles.INVESTIGATOR, Roles.ADMIN})
    public List<CriterionView> check(EnrollmentRequest request) {
        if (request != null && request.careTeam() != null) {
            caller.requireTeam(request.careTeam(), "careTeam", "no care team " + request.careTeam());
        }
        return service.eligibility(request);
    }
}
