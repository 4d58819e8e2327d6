package org.trialclock.schedule.access;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.trialclock.schedule.enrollment.Enrollment;

import java.util.UUID;

/**
 * Every request addressing one enrollment ({@code /enrollments/{id}/...}, whatever view is added under it later)
 * is checked here, before its resource runs: an enrollment of a care team the caller is not on is answered exactly
 * as one that does not exist. Requests naming a team in their body or query (enroll, list, preview) ask
 * {@link Caller} in their resource.
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
        String id = request.getUriInfo().getPathParameters().getFirst("id");
        if (id == null || !(path(request).startsWith("enrollments/") || path(request).startsWith("pages/enrollments/"))) {
            return;
        }
        UUID enrollmentId;
        try {
            enrollmentId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return; // the resource refuses it as it always did
        }
        Enrollment enrollment = Enrollment.findById(enrollmentId);
        if (enrollment != null) {
            caller.requireTeam(enrollment.careTeam, "id", "no enrollment " + id);
        }
    }

    /** The request path without its leading slash (UriInfo's form of it differs between implementations). */
    private static String path(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
