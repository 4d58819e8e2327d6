package org.trialclock.notify.calendar;

import jakarta.annotation.security.PermitAll;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import org.trialclock.events.Json;
import org.trialclock.events.TaskPayload;
import org.trialclock.notify.inbox.TaskView;
import org.trialclock.notify.problem.InvalidRequest;
import org.trialclock.notify.routing.CareTeam;
import org.trialclock.notify.routing.CareTeams;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A care team's tasks (its view of every patient it looks after) as a calendar feed. Calendar programs cannot
 * send a bearer token, so the address carries a secret ({@code ?token=}, issued by {@link FeedTokenResource}).
 */
@Path("/teams/{team}/calendar.ics")
public class TeamCalendarResource {
    private final CareTeams teams;
    private final Clock clock;
    private final EntityManager em;

    TeamCalendarResource(CareTeams teams, Clock clock, EntityManager em) {
        this.teams = teams;
        this.clock = clock;
        this.em = em;
    }

    /**
     * Open to callers without a bearer token on purpose: calendar programs (Outlook, Apple and Google Calendar)
     * subscribe to a plain URL and cannot send one. The secret in the URL is the authorisation instead, one per
     * person and revocable, issued only to a signed-in caller of the team (FeedTokenResource).
     */
    @GET
    @PermitAll
    @Produces(TaskCalendar.MEDIA_TYPE)
    @Transactional
    public String feed(@PathParam("team") String team, @QueryParam("token") String token) {
        CareTeam careTeam = FeedTokenResource.team(teams, team);
        if (FeedToken.valid(careTeam.teamId, token).isEmpty()) {
            throw InvalidRequest.field(404, "Not found", "token", "no calendar feed with this token");
        }
        List<TaskPayload> tasks = TaskView.ofTeam(careTeam.teamId).stream().map(TeamCalendarResource::payload).toList();
        Map<String, Integer> sequences = sequences(careTeam.teamId);
        return TaskCalendar.render("TrialClock: " + careTeam.name, tasks, t -> sequences.getOrDefault(t.id(), 0),
                clock.instant());
    }

    /** The task exactly as schedule-service published it, which the view keeps whole. */
    private static TaskPayload payload(TaskView view) {
        try {
            return Json.MAPPER.readValue(view.payload, TaskPayload.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Each task's count of reschedules, kept by a trigger on the view (V50): read here, beside the one feature
     * that needs it, rather than mapped on the entity the consumer writes.
     */
    private Map<String, Integer> sequences(String team) {
        Map<String, Integer> sequences = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT task_id, calendar_sequence FROM task_view WHERE care_team = ?1")
                .setParameter(1, team).getResultList();
        for (Object[] row : rows) {
            sequences.put(row[0].toString(), ((Number) row[1]).intValue());
        }
        return sequences;
    }
}
