package org.trialclock.schedule.calendar;

import org.trialclock.schedule.access.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.trialclock.audit.AuditAction;
import org.trialclock.audit.AuditEntry;
import org.trialclock.audit.AuditTrail;
import org.trialclock.schedule.enrollment.Enrollment;
import org.trialclock.schedule.problem.InvalidRequest;
import org.trialclock.schedule.views.EnrollmentSchedule;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Issues and revokes the secret feed addresses of an enrollment's calendar, one per person. The one place tokens
 * are made; only a signed-in caller of the enrollment's team (checked by access/TeamIsolation) gets one.
 */
@Path("/enrollments/{id}/calendar/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FeedTokenResource {
    private final Clock clock;
    private final AuditTrail audit;

    FeedTokenResource(Clock clock, AuditTrail audit) {
        this.clock = clock;
        this.audit = audit;
    }

    /** Who the address is for: revoking one person's address leaves the others working. */
    public record TokenRequest(String owner) {}

    /** The feed address is shown this once; afterwards only its id (to revoke it) is known. */
    public record IssuedToken(String id, String owner, Instant createdAt, String feedUrl) {}

    @POST
    @RolesAllowed({Roles.COORDINATOR, Roles.INVESTIGATOR, Roles.ADMIN})
    @Transactional
    public Response issue(@PathParam("id") String id, TokenRequest request, @Context UriInfo uri) {
        Enrollment enrollment = EnrollmentSchedule.find(id);
        if (request == null || request.owner() == null || request.owner().isBlank()) {
            throw InvalidRequest.field(400, "Invalid request", "owner", "say whose calendar this address is for");
        }
        FeedToken.Issued issued = FeedToken.issue(enrollment.id, request.owner().trim(), clock.instant());
        audit.record(AuditAction.FEED_TOKEN_CREATED, AuditEntry.Subject.enrollment(enrollment.id,
                enrollment.careTeam), null, new TokenState(issued.token().id, issued.token().owner, null));
        URI feed = uri.getBaseUriBuilder().path("enrollments").path(enrollment.id.toString()).path("calendar.ics")
                .queryParam("token", issued.secret()).build();
        return Response.created(uri.getAbsolutePathBuilder().path(issued.token().id.toString()).build())
                .entity(new IssuedToken(issued.token().id.toString(), issued.token().owner, issued.token().createdAt,
                        feed.toString()))
                .build();
    }

    @DELETE
    @Path("{tokenId}")
    @RolesAllowed({Roles.COORDINATOR, Roles.INVESTIGATOR, Roles.ADMIN})
    @Transactional
    public Response revoke(@PathParam("id") String id, @PathParam("tokenId") String tokenId) {
        Enrollment enrollment = EnrollmentSchedule.find(id);
        FeedToken token = parse(tokenId) == null ? null : FeedToken.findById(parse(tokenId));
        if (token == null || !token.enrollmentId.equals(enrollment.id)) {
            throw InvalidRequest.field(404, "Not found", "tokenId", "no feed token " + tokenId + " for this enrollment");
        }
        if (token.revokedAt == null) {
            token.revokedAt = clock.instant();
            audit.record(AuditAction.FEED_TOKEN_REVOKED, AuditEntry.Subject.enrollment(enrollment.id,
                    enrollment.careTeam), new TokenState(token.id, token.owner, null),
                    new TokenState(token.id, token.owner, token.revokedAt));
        }
        return Response.noContent().build();
    }

    /** A feed token as the audit trail keeps it: never its secret. */
    record TokenState(UUID id, String owner, Instant revokedAt) {
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
