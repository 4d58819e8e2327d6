package org.trialclock.schedule.protocol;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.trialclock.schedule.problem.InvalidRequest;

import java.util.List;

@Path("/protocols")
@Produces(MediaType.APPLICATION_JSON)
public class ProtocolResource {
    private final ProtocolCatalog catalog;

    ProtocolResource(ProtocolCatalog catalog) {
        this.catalog = catalog;
    }

    /** What a coordinator chooses from: the newest version of each protocol. */
    public record ProtocolSummary(String id, String version, String title, String registration, List<String> arms,
                                  List<String> anchors) {
    }

    @GET
    public List<ProtocolSummary> list() {
        return catalog.latestVersions().stream()
                .map(p -> new ProtocolSummary(p.id(), p.version(), p.title(), p.registration(), p.armIds(),
                        p.anchorNames()))
                .toList();
    }

    @GET
    @Path("{id}")
    public Protocol get(@PathParam("id") String id) {
        return catalog.latest(id).orElseThrow(() -> InvalidRequest.field(404, "Not found", "id",
                "no protocol " + id + "; GET /protocols lists them"));
    }
}
