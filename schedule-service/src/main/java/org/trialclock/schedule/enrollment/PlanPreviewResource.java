package org.trialclock.schedule.enrollment;

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

    PlanPreviewResource(EnrollmentService service) {
        this.service = service;
    }

    /** The same body as an enrollment, the same task shape as its answer; nothing is stored or published. */
    @POST
    public List<TaskPayload> preview(EnrollmentRequest request) {
        return service.preview(request);
    }
}
