package org.trialclock.schedule.fhir;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import org.trialclock.schedule.problem.InvalidRequest;
import org.trialclock.schedule.protocol.ProtocolCatalog;

/** The newest version of a protocol as a FHIR R4 PlanDefinition. */
@Path("/protocols/{id}/fhir")
public class ProtocolFhirResource {
    private final ProtocolCatalog catalog;

    ProtocolFhirResource(ProtocolCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Produces(Fhir.JSON)
    public String planDefinition(@PathParam("id") String id) {
        var protocol = catalog.latest(id).orElseThrow(() -> InvalidRequest.field(404, "Not found", "id",
                "no protocol " + id + "; GET /protocols lists them"));
        return Fhir.json(ProtocolPlanDefinition.of(protocol));
    }
}
