package org.trialclock.audit;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of the audit trail as {@code GET /audit} shows it.
 *
 * @param actor     who: the signed-in principal, else the {@code by} the request named, else {@code system} for
 *                  consumers and schedulers ({@code anonymous} for an unsigned request naming nobody)
 * @param requestId the request's {@code X-Request-Id} (generated if absent), or the CloudEvent id of the consumed
 *                  record that caused the change
 */
public record AuditEntry(long id, Instant at, String actor, AuditAction action, UUID enrollmentId, UUID taskId,
                         String team, String requestId, JsonNode before, JsonNode after) {

    /** The patient, task and team a change concerns; any may be null (a care team change has no patient). */
    public record Subject(UUID enrollmentId, UUID taskId, String team) {
        public static Subject enrollment(UUID enrollmentId, String team) {
            return new Subject(enrollmentId, null, team);
        }

        public static Subject task(UUID enrollmentId, UUID taskId, String team) {
            return new Subject(enrollmentId, taskId, team);
        }

        public static Subject team(String team) {
            return new Subject(null, null, team);
        }
    }
}
