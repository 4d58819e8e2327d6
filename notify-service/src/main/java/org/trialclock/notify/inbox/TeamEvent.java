package org.trialclock.notify.inbox;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.LocalDate;

/**
 * What the live stream of a team shows: a task change or an alert, as it was processed. {@code eventId} is the
 * CloudEvent id, so a client can see for itself that nothing arrives twice. The first item of every stream is
 * {@code stream.opened}: from then on, the client misses nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TeamEvent(String eventId, String type, String careTeam, String taskId, String subjectId,
                        String title, String status, LocalDate dueDate, String message) {
    public static final String OPENED = "stream.opened";
    /** The replica lost its database connection for a while: what happened meanwhile is in the inbox, not here. */
    public static final String RESUMED = "stream.resumed";

    static TeamEvent opened(String team) {
        return new TeamEvent(null, OPENED, team, null, null, null, null, null, null);
    }

    static TeamEvent resumed(String team) {
        return new TeamEvent(null, RESUMED, team, null, null, null, null, null,
                "the live connection was interrupted; reload the inbox for what changed meanwhile");
    }
}
