package org.trialclock.notify.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.trialclock.events.Json;
import org.trialclock.events.TaskPayload;
import org.trialclock.notify.access.Roles;
import org.trialclock.notify.problem.InvalidRequest;
import org.trialclock.notify.routing.CareTeam;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The care team's inbox page (server-rendered; {@code inbox.js} reloads the task sections when the team's stream
 * says something changed, and posts completions and acknowledgements to the REST API). Most urgent first; every
 * date is the site's date, the due time in the site's zone.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class InboxPage {

    private final Clock clock;
    private final InboxConfig config;

    InboxPage(Clock clock, InboxConfig config) {
        this.clock = clock;
        this.config = config;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(String team);

        static native TemplateInstance sections(String team, List<Section> sections);
    }

    /** One part of the inbox (overdue, due, coming up, on hold), in the order a nurse works through them. */
    public record Section(String id, String title, List<Row> rows) {
    }

    /** One task as a nurse reads it. */
    public record Row(TaskPayload task, String dueText, String windowText, long daysLate, LocalDate todayAtSite,
                      String acknowledgedBy) {
        public String doseText() {
            if (task.dose() == null) {
                return "";
            }
            return task.dose().text() != null ? task.dose().text() : String.valueOf(task.dose().amount());
        }

        public boolean marrow() {
            return "MRD_MARROW".equals(task.kind());
        }

        public boolean gvhd() {
            return "GVHD_ASSESSMENT".equals(task.kind());
        }

        public boolean bloodCount() {
            return "LAB_CHECK".equals(task.kind());
        }
    }

    /**
     * The page itself, open to all because it holds no patient's data: the browser signs in here and then loads the
     * team's sections, which need the token like every API call.
     */
    @GET
    @PermitAll
    public TemplateInstance page(@QueryParam("team") String team) {
        return Templates.page(team == null ? "" : team);
    }

    /** The same page at the address the ingress routes to this service and emails link to. */
    @GET
    @Path("inbox")
    @PermitAll
    public TemplateInstance inbox(@QueryParam("team") String team) {
        return page(team);
    }

    /** The team's tasks as the page shows them; a team that does not exist, or is not the caller's, is a 404. */
    @GET
    @Path("pages/inbox/{team}/sections")
    @RolesAllowed({Roles.CARE_TEAM, Roles.INVESTIGATOR, Roles.ADMIN})
    @Transactional
    public TemplateInstance sections(@PathParam("team") String team) {
        List<Section> sections = build(team);
        if (CareTeam.findByIdOptional(team).isEmpty() && sections.stream().allMatch(s -> s.rows().isEmpty())) {
            throw InvalidRequest.field(404, "Not found", "team", "no care team " + team);
        }
        return Templates.sections(team, sections);
    }

    private List<Section> build(String team) {
        List<Row> overdue = new ArrayList<>(), due = new ArrayList<>(), upcoming = new ArrayList<>(),
                onHold = new ArrayList<>();
        for (TaskView view : TaskView.ofTeam(team)) {
            ZoneId zone = SiteTime.zone(view.timezone);
            LocalDate today = LocalDate.now(clock.withZone(zone));
            TaskPayload task = payload(view);
            Row row = new Row(task, dueText(task.dueDate(), zone), windowText(task), daysLate(task, today), today,
                    view.acknowledgedBy);
            switch (view.status) {
                case "OVERDUE" -> overdue.add(row);
                case "DUE" -> due.add(row);
                case "ON_HOLD" -> onHold.add(row);
                case "PLANNED" -> {
                    if (!view.dueDate.isAfter(today.plusDays(config.upcomingDays()))) {
                        upcoming.add(row);
                    }
                }
                default -> {
                    // completed, cancelled and pre-enrollment tasks ask nothing of the team
                }
            }
        }
        overdue.sort(Comparator.comparingLong(Row::daysLate).reversed());
        return List.of(new Section("overdue", "Overdue", overdue), new Section("due", "Due now", due),
                new Section("upcoming", "Coming up (" + config.upcomingDays() + " days)", upcoming),
                new Section("on-hold", "On hold", onHold));
    }

    private String dueText(LocalDate due, ZoneId zone) {
        return SiteTime.due(due, config.dueTime(), zone);
    }

    private static String windowText(TaskPayload task) {
        return SiteTime.window(task.windowStart(), task.windowEnd());
    }

    /** Days past the due date at the site, for a task that is overdue. */
    private static long daysLate(TaskPayload task, LocalDate today) {
        if (!"OVERDUE".equals(task.status()) || task.dueDate() == null) {
            return 0;
        }
        return Math.max(0, ChronoUnit.DAYS.between(task.dueDate(), today));
    }

    private static TaskPayload payload(TaskView view) {
        try {
            return Json.MAPPER.readValue(view.payload, TaskPayload.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
