package org.trialclock.notify.channels;

import org.trialclock.notify.access.Caller;
import org.trialclock.notify.access.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.trialclock.audit.AuditAction;
import org.trialclock.audit.AuditEntry;
import org.trialclock.audit.AuditTrail;
import org.trialclock.notify.problem.InvalidRequest;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An operator's re-send of notifications that FAILED (after an outage longer than the retry period, say): each goes
 * back to PENDING with a fresh retry period and the same delivery id. Only operators may do this: every operator
 * action on notifications lives in this one resource, so the admin role (with the access issue) guards it here.
 * {@code POST /notifications/{id}/resend}, {@code POST /notifications/resend?state=FAILED&team=}.
 */
@Path("/notifications")
@Produces(MediaType.APPLICATION_JSON)
public class ResendResource {
    private final EntityManager em;
    private final Clock clock;
    private final DeliveryConfig config;
    private final Event<Alerts.Raised> wakeCourier;
    private final Caller caller;
    private final AuditTrail audit;

    ResendResource(EntityManager em, Clock clock, DeliveryConfig config, Event<Alerts.Raised> wakeCourier,
                   Caller caller, AuditTrail audit) {
        this.em = em;
        this.clock = clock;
        this.config = config;
        this.wakeCourier = wakeCourier;
        this.caller = caller;
        this.audit = audit;
    }

    /** What was put back to PENDING, and until when it is tried. */
    public record Resent(int count, List<Long> ids, Instant retryUntil) {
    }

    @POST
    @Path("/{id}/resend")
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    public Resent resendOne(@PathParam("id") String id) {
        long notificationId;
        try {
            notificationId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new NotFoundException("no notification " + id);
        }
        Notification n = Notification.findById(notificationId);
        if (n == null) {
            throw new NotFoundException("no notification " + id);
        }
        if (n.state != DeliveryState.FAILED) {
            throw InvalidRequest.field(409, "Not failed", "state", "notification " + id + " is " + n.state
                    + (n.state == DeliveryState.SENT ? ": delivered already" : ": still being tried"));
        }
        return resend("id = :id", "id", notificationId);
    }

    /** The failed alerts of {@code team}, or of every team of the caller. */
    @POST
    @Path("/resend")
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    public Resent resendAll(@QueryParam("state") String state, @QueryParam("team") String team) {
        if (state == null) {
            throw InvalidRequest.field(400, "Invalid re-send", "state", "required: FAILED");
        }
        if (!DeliveryState.FAILED.name().equals(state)) {
            throw InvalidRequest.field(400, "Invalid re-send", "state",
                    "only FAILED notifications are re-sent; PENDING and UNCERTAIN ones are still being tried");
        }
        if (team != null) {
            caller.requireTeam(team, "team", "no care team " + team);
            return resend("care_team = :team", "team", team);
        }
        if (caller.teams().isEmpty()) {
            return new Resent(0, List.of(), clock.instant().plus(config.retryFor()));
        }
        return resend("care_team IN (:teams)", "teams", caller.teams());
    }

    /** A notification as the audit trail keeps it around a re-send. */
    record ResentState(long notificationId, String recipient, String channel, DeliveryState state,
                       Instant retryUntil) {
    }

    private Resent resend(String which, String name, Object value) {
        Instant now = clock.instant();
        Instant retryUntil = now.plus(config.retryFor());
        var query = em.createNativeQuery("""
                UPDATE notification SET state = 'PENDING', next_attempt_at = :now, retry_until = :until
                WHERE state = 'FAILED' AND %s
                RETURNING id, task_id, enrollment_id, care_team, recipient, channel""".formatted(which))
                .setParameter("now", now).setParameter("until", retryUntil);
        if (name != null) {
            query.setParameter(name, value);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        for (Object[] row : rows) {
            long id = ((Number) row[0]).longValue();
            audit.record(AuditAction.ALERT_RESENT, new AuditEntry.Subject((UUID) row[2], (UUID) row[1],
                    (String) row[3]), new ResentState(id, (String) row[4], (String) row[5], DeliveryState.FAILED, null),
                    new ResentState(id, (String) row[4], (String) row[5], DeliveryState.PENDING, retryUntil));
        }
        List<Long> ids = rows.stream().map(r -> ((Number) r[0]).longValue()).sorted().toList();
        if (!ids.isEmpty()) {
            wakeCourier.fire(new Alerts.Raised());
        }
        return new Resent(ids.size(), ids, retryUntil);
    }
}
