package org.trialclock.notify.inbox;

import org.trialclock.notify.access.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.trialclock.events.Json;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

@Path("/teams/{team}/inbox")
@Produces(MediaType.APPLICATION_JSON)
public class InboxResource {
    private final Clock clock;
    private final InboxConfig config;

    InboxResource(Clock clock, InboxConfig config) {
        this.clock = clock;
        this.config = config;
    }

    /** What the team must act on, newest knowledge of each task; "today" is each patient's site-local date. */
    public record Inbox(String team, List<JsonNode> overdue, List<JsonNode> due, List<JsonNode> upcoming,
                        List<JsonNode> onHold, List<JsonNode> later) {
    }

    @GET
    @RolesAllowed({Roles.CARE_TEAM, Roles.INVESTIGATOR, Roles.ADMIN})
    public Inbox inbox(@PathParam("team") String team) {
        List<JsonNode> overdue = new ArrayList<>(), due = new ArrayList<>(), upcoming = new ArrayList<>(),
                onHold = new ArrayList<>(), later = new ArrayList<>();
        for (TaskView task : TaskView.ofTeam(team)) {
            LocalDate today = LocalDate.now(clock.withZone(task.timezone == null ? ZoneOffset.UTC : ZoneId.of(task.timezone)));
            switch (task.status) {
                case "OVERDUE" -> overdue.add(json(task));
                case "DUE" -> due.add(json(task));
                case "ON_HOLD" -> onHold.add(json(task));
                case "PLANNED" -> (task.dueDate.isAfter(today.plusDays(config.upcomingDays())) ? later : upcoming)
                        .add(json(task));
                default -> {
                    // completed, cancelled and pre-enrollment tasks ask nothing of the team
                }
            }
        }
        return new Inbox(team, overdue, due, upcoming, onHold, later);
    }

    private static JsonNode json(TaskView task) {
        try {
            return Json.MAPPER.readTree(task.payload);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
