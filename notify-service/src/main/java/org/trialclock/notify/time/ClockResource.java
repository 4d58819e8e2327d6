package org.trialclock.notify.time;

import org.trialclock.notify.access.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.trialclock.notify.problem.InvalidRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Moves the service's clock for tests and local runs: {@code POST /admin/clock/advance {"by":"P3D"}}. */
@Path("/admin/clock")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class ClockResource {
    static final String TOKEN_HEADER = "X-Admin-Token";

    private final AdjustableClock clock;
    private final ClockConfig config;

    ClockResource(AdjustableClock clock, ClockConfig config) {
        this.clock = clock;
        this.config = config;
    }

    public record Advance(String by) {
    }

    public record Now(Instant now, String offset) {
    }

    @GET
    public Now now(@HeaderParam(TOKEN_HEADER) String token) {
        guard(token);
        return new Now(clock.instant(), clock.offset().toString());
    }

    @POST
    @Path("/advance")
    public Now advance(@HeaderParam(TOKEN_HEADER) String token, Advance body) {
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
        return now(token);
    }

    /** 404 where time is real (production), 401 without the right token. */
    private void guard(String token) {
        if (!config.adjustable() || ConfigUtils.getProfiles().contains("prod")) {
            throw new NotFoundException();
        }
        String expected = config.adminToken().orElse(null);
        if (expected == null || token == null || !MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            throw new NotAuthorizedException("X-Admin-Token missing or wrong", "X-Admin-Token");
        }
    }
}
