package org.trialclock.schedule.calendar;

import jakarta.annotation.security.PermitAll;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import org.trialclock.events.TaskPayload;
import org.trialclock.schedule.enrollment.Enrollment;
import org.trialclock.schedule.enrollment.Task;
import org.trialclock.schedule.problem.InvalidRequest;
import org.trialclock.schedule.views.EnrollmentSchedule;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One enrollment's tasks as a calendar feed, for a calendar program to subscribe to. It cannot send a bearer
 * token, so the address carries a secret ({@code ?token=}, issued by {@link FeedTokenResource}); without a live
 * one the feed does not exist.
 */
@Path("/enrollments/{id}/calendar.ics")
public class CalendarResource {
    private final Clock clock;
    private final EntityManager em;

    CalendarResource(Clock clock, EntityManager em) {
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
    public String feed(@PathParam("id") String id, @QueryParam("token") String token) {
        Enrollment enrollment = EnrollmentSchedule.find(id);
        if (FeedToken.valid(enrollment.id, token).isEmpty()) {
            throw InvalidRequest.field(404, "Not found", "token", "no calendar feed with this token");
        }
        List<TaskPayload> tasks = Task.of(enrollment.id).stream()
                .map(t -> t.toPayload(enrollment)).toList();
        Map<String, Integer> sequences = sequences(enrollment.id);
        return TaskCalendar.render(enrollment.subjectId + " (" + enrollment.protocolId + ")", tasks,
                t -> sequences.getOrDefault(t.id(), 0), clock.instant());
    }

    /**
     * Each task's count of reschedules, kept by a trigger on the task table (V50): read here, beside the one view
     * that needs it, rather than mapped on the task entity every re-plan loads.
     */
    private Map<String, Integer> sequences(UUID enrollmentId) {
        Map<String, Integer> sequences = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT id, calendar_sequence FROM task WHERE enrollment_id = ?1")
                .setParameter(1, enrollmentId).getResultList();
        for (Object[] row : rows) {
            sequences.put(row[0].toString(), ((Number) row[1]).intValue());
        }
        return sequences;
    }
}
