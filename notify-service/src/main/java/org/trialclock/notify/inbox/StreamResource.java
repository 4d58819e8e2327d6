package org.trialclock.notify.inbox;

import org.trialclock.notify.access.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** {@code GET /teams/{team}/stream}: server-sent events of the team's task changes and alerts, as JSON. */
@Path("/teams/{team}/stream")
public class StreamResource {
    private final TeamStream stream;

    StreamResource(TeamStream stream) {
        this.stream = stream;
    }

    @GET
    @RolesAllowed({Roles.CARE_TEAM, Roles.INVESTIGATOR, Roles.ADMIN})
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<TeamEvent> follow(@PathParam("team") String team) {
        return stream.follow(team);
    }
}
