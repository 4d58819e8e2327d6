package org.trialclock.notify.access;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.trialclock.notify.problem.InvalidRequest;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is calling, from the bearer token: the one place that decides whether a caller may see a care team's data.
 * Another team's data is answered with the same 404 as data that does not exist, so a caller learns nothing about
 * patients outside its teams (a 403 would confirm the team or task exists).
 */
@RequestScoped
public class Caller {
    private final SecurityIdentity identity;
    private Set<String> teams;

    Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The token's {@code sub} (quarkus.oidc.token.principal-claim=sub makes it the principal's name). */
    public String subject() {
        return identity.getPrincipal().getName();
    }

    public boolean isAnonymous() {
        return identity.isAnonymous();
    }

    /** The care teams in the token's {@code teams} claim. */
    public Set<String> teams() {
        if (teams == null) {
            teams = identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)
                    ? Set.of() : strings(jwt.getClaim("teams"));
        }
        return teams;
    }

    public boolean mayAct(String team) {
        return team != null && teams().contains(team);
    }

    /**
     * Nothing if the caller is on {@code team}; otherwise the 404 problem {@code field} would get if the thing it
     * names did not exist.
     */
    public void requireTeam(String team, String field, String notFound) {
        if (!mayAct(team)) {
            throw InvalidRequest.field(404, "Not found", field, notFound);
        }
    }

    private static Set<String> strings(Object claim) {
        if (claim instanceof JsonArray array) {
            return array.stream().filter(v -> v.getValueType() == JsonValue.ValueType.STRING)
                    .map(v -> ((JsonString) v).getString()).collect(Collectors.toUnmodifiableSet());
        }
        if (claim instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).collect(Collectors.toUnmodifiableSet());
        }
        return claim instanceof String one ? Set.of(one) : Set.of();
    }
}
