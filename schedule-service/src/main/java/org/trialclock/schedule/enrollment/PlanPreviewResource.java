package org.trialclock.schedule.enrollment;

import org.trialclock.schedule.access.Roles;
import org.trialclock.schedule.access.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.trialclock.events.EnrollmentRequest;
import org.trialclock.events.TaskPayload;

import java.util.List;

@Path("/plans/preview")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PlanPreviewResource {
    private final EnrollmentService service;
    private final Caller caller;

    PlanPreviewResource(EnrollmentService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    /** The same body as an enrollment, the same task shape as its answer; nothing is stored or published. */
    @POST
    @RolesAllowed({Roles.COORDINATOR, Roles.INVESTIGATOR, Roles.ADMIN})
    public List<TaskPayload> preview(EnrollmentRequest request) {
        if (request != null && request.careTeam() != null) {
            caller.requireTeam(request.careTeam(), "careTeam", "no care team " + request.careTeam());
        }
        return service.preview(request);
    }
}
