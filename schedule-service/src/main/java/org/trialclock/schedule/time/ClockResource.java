package org.trialclock.schedule.time;

import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.event.Event;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.trialclock.schedule.problem.InvalidRequest;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Moves this service's clock, for tests and demos only: it answers 404 unless {@code trialclock.clock.adjustable}
 * is true and the {@code prod} profile is not active, and 401 without the admin token.
 */
@Path("/admin/clock")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ClockResource {
    private final AdjustableClock clock;
    private final ClockConfig config;
    private final Event<ClockMoved> moved;

    ClockResource(AdjustableClock clock, ClockConfig config, Event<ClockMoved> moved) {
        this.clock = clock;
        this.config = config;
        this.moved = moved;
    }

    /** Fired when time jumps, so whatever sleeps until an instant wakes and looks again. */
    public record ClockMoved(Instant now) {
    }

    public record Now(Instant now, Duration offset) {
    }

    /** {@code {"by":"P3D"}} advances; {@code {"to":"2026-12-01T00:00:00Z"}} sets. */
    public record Move(String by, String to) {
    }

    @GET
    public Now now(@HeaderParam("X-Admin-Token") String token) {
        guard(token);
        return new Now(clock.instant(), clock.offset());
    }

    @POST
    public Now move(@HeaderParam("X-Admin-Token") String token, Move move) {
        guard(token);
        try {
            if (move != null && move.by() != null) {
                clock.advance(Duration.parse(move.by()));
            } else if (move != null && move.to() != null) {
                clock.set(Instant.parse(move.to()));
            } else {
                throw InvalidRequest.field(400, "Invalid clock move", "by", "give by (ISO-8601 duration) or to (instant)");
            }
        } catch (DateTimeParseException e) {
            throw InvalidRequest.field(400, "Invalid clock move", move.by() != null ? "by" : "to", e.getMessage());
        }
        moved.fire(new ClockMoved(clock.instant()));
        return new Now(clock.instant(), clock.offset());
    }

    private void guard(String token) {
        if (!config.adjustable() || ConfigUtils.getProfiles().contains("prod")) {
            throw new NotFoundException();
        }
        String expected = config.adminToken().orElse("");
        if (expected.isEmpty() || token == null || !MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            throw InvalidRequest.field(401, "Unauthorized", "X-Admin-Token", "a valid admin token is required");
        }
    }
}
