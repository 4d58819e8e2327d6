package org.trialclock.notify.channels;

import org.trialclock.notify.access.Caller;
import org.trialclock.notify.access.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.trialclock.notify.problem.InvalidRequest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** {@code GET /notifications?taskId=} (or {@code ?enrollmentId=}): every alert, with channel, recipient, time and state. */
@Path("/notifications")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {
    private final Caller caller;

    NotificationResource(Caller caller) {
        this.caller = caller;
    }

    public record Attempt(int attempt, Instant at, boolean succeeded, String detail) {
    }

    public record NotificationView(long id, String eventId, String eventType, UUID taskId, UUID enrollmentId,
                                   String subjectId, String careTeam, String recipient, Channel channel,
                                   String address, String subject, String message, DeliveryState state,
                                   int attempts, Instant createdAt, Instant deliveredAt, Instant nextAttemptAt,
                                   Instant retryUntil, UUID deliveryId, String lastError,
                                   List<Attempt> attemptLog) {
    }

    /** Only alerts of the caller's teams are listed. */
    @GET
    @RolesAllowed({Roles.CARE_TEAM, Roles.INVESTIGATOR, Roles.ADMIN})
    public List<NotificationView> list(@QueryParam("taskId") String taskId,
                                       @QueryParam("enrollmentId") String enrollmentId) {
        List<Notification> found;
        if (taskId != null) {
            found = Notification.list("taskId = ?1 order by createdAt, id", uuid("taskId", taskId));
        } else if (enrollmentId != null) {
            found = Notification.list("enrollmentId = ?1 order by createdAt, id", uuid("enrollmentId", enrollmentId));
        } else {
            throw InvalidRequest.field(400, "Missing filter", "taskId", "give taskId or enrollmentId");
        }
        found = found.stream().filter(n -> caller.mayAct(n.careTeam)).toList();
        List<Long> ids = found.stream().map(n -> n.id).toList();
        Map<Long, List<Attempt>> attempts = ids.isEmpty() ? Map.of()
                : DeliveryAttempt.<DeliveryAttempt>list("notificationId in ?1 order by attempt", ids).stream()
                .collect(Collectors.groupingBy(a -> a.notificationId,
                        Collectors.mapping(a -> new Attempt(a.attempt, a.attemptedAt, a.succeeded, a.detail),
                                Collectors.toList())));
        return found.stream().map(n -> new NotificationView(n.id, n.eventId, n.eventType, n.taskId, n.enrollmentId,
                n.subjectId, n.careTeam, n.recipient, n.channel, n.address, n.subject, n.message, n.state,
                n.attempts, n.createdAt, n.deliveredAt, n.nextAttemptAt, n.retryUntil, n.deliveryId, n.lastError,
                attempts.getOrDefault(n.id, List.of()))).toList();
    }

    private static UUID uuid(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.field(400, "Invalid filter", field, "'" + value + "' is not a UUID");
        }
    }
}
