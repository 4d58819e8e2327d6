package org.trialclock.notify.routing;

import org.trialclock.notify.access.Caller;
import org.trialclock.notify.access.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/** Manage care teams: {@code PUT /teams/{team}} with the whole team, {@code GET /teams}, {@code GET /teams/{team}}. */
@Path("/teams")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CareTeamResource {
    private final CareTeams teams;
    private final Caller caller;

    CareTeamResource(CareTeams teams, Caller caller) {
        this.teams = teams;
        this.caller = caller;
    }

    /** The caller's own teams (any role may see who is on them). */
    @GET
    public List<TeamDocument> list() {
        return teams.all().stream().filter(t -> caller.mayAct(t.teamId)).map(TeamDocument::of).toList();
    }

    @GET
    @Path("/{team}")
    public TeamDocument get(@PathParam("team") String team) {
        return teams.find(team).map(TeamDocument::of)
                .orElseThrow(() -> new NotFoundException("no care team " + team));
    }

    /** Changing where a team's alerts go is configuration: admins of that team only. */
    @PUT
    @Path("/{team}")
    @RolesAllowed(Roles.ADMIN)
    public Response put(@PathParam("team") String team, TeamDocument body) {
        boolean created = teams.put(team, body);
        TeamDocument stored = get(team);
        return created ? Response.created(URI.create("/teams/" + team)).entity(stored).build()
                : Response.ok(stored).build();
    }
}
