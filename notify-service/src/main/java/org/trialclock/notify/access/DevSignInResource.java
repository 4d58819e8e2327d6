package org.trialclock.notify.access;

import io.smallrye.jwt.build.Jwt;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.trialclock.notify.problem.InvalidRequest;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /dev/sign-in {"role":"care-team","teams":["zju-hsct"]}}: the token the local stack's page uses, the
 * same one {@code deploy/local/token.sh} prints. It exists only in the dev profile with the local key configured and
 * answers 404 everywhere else, as if it did not exist. Open without a token: it is how the page gets one.
 */
@Path("/dev/sign-in")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DevSignInResource {
    private static final Set<String> ROLES = Set.of(Roles.COORDINATOR, Roles.CARE_TEAM, Roles.INVESTIGATOR, Roles.ADMIN);
    private static final String SAFE_ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    private final DevSignInConfig config;

    DevSignInResource(DevSignInConfig config) {
        this.config = config;
    }

    public record SignIn(String role, List<String> teams) {
    }

    public record SignedIn(String token, String subject) {
    }

    @POST
    @PermitAll
    public SignedIn signIn(SignIn request) {
        if (!config.enabled() || config.keyLocation().isEmpty()) {
            throw new NotFoundException();
        }
        if (request == null || request.role() == null || !ROLES.contains(request.role())) {
            throw InvalidRequest.field(400, "Invalid sign-in", "role", "one of " + ROLES);
        }
        List<String> teams = request.teams() == null ? List.of() : request.teams();
        for (int i = 0; i < teams.size(); i++) {
            if (teams.get(i) == null || !teams.get(i).matches(SAFE_ID)) {
                throw InvalidRequest.field(400, "Invalid sign-in", "teams[" + i + "]", "letters, digits, . _ -");
            }
        }
        String subject = "local-" + request.role();
        String token = Jwt.issuer("trialclock-local").subject(subject).claim("roles", List.of(request.role()))
                .claim("teams", teams).expiresIn(Duration.ofHours(8)).sign(config.keyLocation().get());
        return new SignedIn(token, subject);
    }
}
