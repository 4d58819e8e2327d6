package org.trialclock.schedule.fhir;

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

/** One enrollment in FHIR R4, for an EHR or a trial system: ResearchSubject, CarePlan and Tasks in a Bundle. */
@Path("/enrollments/{id}/fhir")
public class SubjectFhirResource {
    private final ProtocolCatalog catalog;
    private final Clock clock;

    SubjectFhirResource(ProtocolCatalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    @GET
    @RolesAllowed({Roles.COORDINATOR, Roles.INVESTIGATOR, Roles.ADMIN})
    @Produces(Fhir.JSON)
    @Transactional
    public String bundle(@PathParam("id") String id) {
        return Fhir.json(SubjectBundle.of(EnrollmentSchedule.load(id, catalog), clock.instant()));
    }
}
