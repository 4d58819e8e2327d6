package org.trialclock.notify.access;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.trialclock.notify.channels.Notification;
import org.trialclock.notify.inbox.TaskView;

import java.util.UUID;

/**
 * Every request addressing one team ({@code /teams/{team}/...}), one task ({@code /tasks/{taskId}/...}) or one
 * alert ({@code /notifications/{id}/...}) is checked here, before its resource runs, whatever view is added under
 * those paths later: another team's data is answered exactly as data that does not exist. Lists and requests
 * naming a team in their query ask {@link Caller} in their resource.
 */
public class TeamIsolation {
    private final Caller caller;

    TeamIsolation(Caller caller) {
        this.caller = caller;
    }

    @ServerRequestFilter
    public void onlyOwnTeams(ContainerRequestContext request, ResourceInfo resource) {
        // Calendar feeds are read by calendar programs, which cannot send a bearer token: their own secret token
        // in the URL is checked by their resource instead.
        if (resource.getResourceMethod() == null || resource.getResourceMethod().isAnnotationPresent(PermitAll.class)
                || caller.isAnonymous()) {
            return;
        }
        MultivaluedMap<String, String> params = request.getUriInfo().getPathParameters();
        String team = params.getFirst("team");
        if (team != null) {
            caller.requireTeam(team, "team", "no care team " + team);
        }
        UUID taskId = uuid(params.getFirst("taskId"));
        if (taskId != null) {
            TaskView task = TaskView.findById(taskId);
            if (task != null) {
                caller.requireTeam(task.careTeam, "taskId", "no task " + taskId);
            }
        }
        String id = params.getFirst("id");
        if (id != null && path(request).startsWith("notifications/")) {
            Notification notification = notification(id);
            if (notification != null) {
                caller.requireTeam(notification.careTeam, "id", "no notification " + id);
            }
        }
    }

    private static Notification notification(String id) {
        try {
            return Notification.findById(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return null; // the resource refuses it as it always did
        }
    }

    private static UUID uuid(String id) {
        try {
            return id == null ? null : UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The request path without its leading slash (UriInfo's form of it differs between implementations). */
    private static String path(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
