package org.trialclock.audit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.UUID;

/**
 * {@code GET /audit?enrollmentId=}: who did what to one patient's schedule, in order ({@code ?team=} for a care
 * team's own changes). Each service answers for the changes it made; see README, "Audit trail".
 */
@Path("/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    private final AuditTrail trail;
    private final AuditReaders readers;

    AuditResource(AuditTrail trail, AuditReaders readers) {
        this.trail = trail;
        this.readers = readers;
    }

    /** Investigators and admins, on their own teams' changes only (a team not theirs is answered as unknown). */
    @GET
    @RolesAllowed({"investigator", "admin"})
    public List<AuditEntry> entries(@QueryParam("enrollmentId") String enrollmentId, @QueryParam("team") String team) {
        if ((enrollmentId == null || enrollmentId.isBlank()) && (team == null || team.isBlank())) {
            throw new BadRequestException("enrollmentId: required (or team)");
        }
        UUID enrollment = null;
        if (enrollmentId != null && !enrollmentId.isBlank()) {
            try {
                enrollment = UUID.fromString(enrollmentId);
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("enrollmentId: not an enrollment id");
            }
        }
        if (team != null && !team.isBlank() && !readers.mayRead(team)) {
            throw new NotFoundException("no care team " + team);
        }
        return trail.of(enrollment, team == null || team.isBlank() ? null : team).stream()
                .filter(e -> e.team() != null && readers.mayRead(e.team())).toList();
    }
}
