package org.trialclock.schedule.timeline;

import org.trialclock.schedule.access.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import org.trialclock.schedule.protocol.ProtocolCatalog;
import org.trialclock.schedule.views.EnrollmentSchedule;

import java.time.Clock;

/** One patient's schedule as a picture, for the patient page and the inbox to show. */
@Path("/enrollments/{id}/timeline.svg")
public class TimelineResource {
    static final String SVG = "image/svg+xml";

    private final ProtocolCatalog catalog;
    private final Clock clock;

    TimelineResource(ProtocolCatalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    @GET
    @RolesAllowed({Roles.COORDINATOR, Roles.CARE_TEAM, Roles.INVESTIGATOR, Roles.ADMIN})
    @Produces(SVG)
    @Transactional
    public String timeline(@PathParam("id") String id) {
        EnrollmentSchedule schedule = EnrollmentSchedule.load(id, catalog);
        EnrollmentSchedule.StudyAnchor anchor = schedule.anchor();
        var e = schedule.enrollment();
        var patient = new TimelineDrawing.Patient(e.subjectId, e.protocolId, e.protocolVersion,
                schedule.protocol().title(), anchor.title(), anchor.date(), anchor.day(), e.timezone);
        return TimelineDrawing.draw(patient, schedule.tasks(), schedule.today(clock));
    }
}
