package org.trialclock.notify.completion;

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

    TaskResource(Completions completions) {
        this.completions = completions;
    }

    public record AcknowledgementRequest(String by) {
    }

    @POST
    @Path("/acknowledgement")
    public Completions.Acknowledgement acknowledge(@PathParam("taskId") String taskId, AcknowledgementRequest body) {
        return completions.acknowledge(taskId, body == null ? null : body.by());
    }

    /** Records a completion; a second one for the same task is a correction that supersedes the first. */
    @POST
    @Path("/completion")
    public Response complete(@PathParam("taskId") String taskId, Completions.CompletionRequest body) {
        Completions.CompletionView done = completions.complete(taskId, body);
        return Response.created(URI.create("/tasks/" + taskId + "/completions")).entity(done).build();
    }

    /** Every completion of the task, oldest first; the last is the one that counts. */
    @GET
    @Path("/completions")
    public List<Completions.CompletionView> completions(@PathParam("taskId") String taskId) {
        return completions.history(taskId);
    }
}
