package org.trialclock.notify.completion;

import org.trialclock.notify.access.Caller;
import org.trialclock.notify.access.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/** What the care team does with a task: acknowledge it (stops escalation), complete it, correct a completion. */
@Path("/tasks/{taskId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TaskResource {
    private final Completions completions;
    private final Caller caller;

    TaskResource(Completions completions, Caller caller) {
        this.completions = completions;
        this.caller = caller;
    }

    public record AcknowledgementRequest(String by) {
    }

    /** Investigators acknowledge too: overdue tasks are escalated to them. */
    @POST
    @Path("/acknowledgement")
    @RolesAllowed({Roles.CARE_TEAM, Roles.INVESTIGATOR, Roles.ADMIN})
    public Completions.Acknowledgement acknowledge(@PathParam("taskId") String taskId, AcknowledgementRequest body) {
        return completions.acknowledge(taskId, body == null ? null : body.by(), caller.subject());
    }

    /** Records a completion; a second one for the same task is a correction that supersedes the first. */
    @POST
    @Path("/completion")
    @RolesAllowed({Roles.CARE_TEAM, Roles.ADMIN})
    public Response complete(@PathParam("taskId") String taskId, Completions.CompletionRequest body) {
        Completions.CompletionView done = completions.complete(taskId, body, caller.subject());
        return Response.created(URI.create("/tasks/" + taskId + "/completions")).entity(done).build();
    }

    /** Every completion of the task, oldest first; the last is the one that counts. */
    @GET
    @Path("/completions")
    @RolesAllowed({Roles.CARE_TEAM, Roles.INVESTIGATOR, Roles.ADMIN})
    public List<Completions.CompletionView> completions(@PathParam("taskId") String taskId) {
        return completions.history(taskId);
    }
}
