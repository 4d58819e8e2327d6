package org.trialclock.schedule.time;

import org.trialclock.schedule.access.Roles;
import jakarta.annotation.security.RolesAllowed;
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
 * Moves this service's clock forward, for tests and demos only: it answers 404 unless {@code trialclock.clock.adjustable}
 * is true and the {@code prod} profile is not active, and 401 without the admin token.
 */
@Path("/admin/clock")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
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

    public record Now(Instant now, String offset) {
    }

    public record Advance(String by) {
    }

    @GET
    public Now now(@HeaderParam("X-Admin-Token") String token) {
        guard(token);
        return new Now(clock.instant(), clock.offset().toString());
    }

    /** {@code POST /admin/clock/advance {"by":"P3D"}}: the same endpoint as notify-service's, so both move together. */
    @POST
    @Path("/advance")
    public Now advance(@HeaderParam("X-Admin-Token") String token, Advance body) {
        guard(token);
        if (body == null || body.by() == null) {
            throw InvalidRequest.field(400, "Invalid clock move", "by", "required, an ISO-8601 duration such as P3D");
        }
        Duration by;
        try {
            by = Duration.parse(body.by());
        } catch (DateTimeParseException e) {
            throw InvalidRequest.field(400, "Invalid clock move", "by", "'" + body.by() + "' is not an ISO-8601 duration");
        }
        if (by.isNegative()) {
            throw InvalidRequest.field(422, "Invalid clock move", "by", "time only moves forward");
        }
        clock.advance(by);
        moved.fire(new ClockMoved(clock.instant()));
        return now(token);
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
