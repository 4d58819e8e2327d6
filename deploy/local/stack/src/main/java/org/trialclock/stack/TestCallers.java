package org.trialclock.stack;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.http.Header;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who the services' Quarkus tests call as. Every RestAssured request without an {@code Authorization} header gets
 * a real bearer token of the default caller: subject {@value #DEFAULT_SUBJECT}, role admin, on the teams the
 * tests use (the seeded ones and each made with {@link #team}). A test that is about access sends its own
 * {@link #bearer} or {@link #noToken()}. Installed for every Quarkus test by {@link TestCallersCallback}, and by the
 * system tests' stack.
 */
public final class TestCallers {
    public static final String DEFAULT_SUBJECT = "test-admin";
    /** Teams named in the services' configuration and fixtures. */
    public static final List<String> FIXED_TEAMS = List.of("zju-hsct", "zju-paed", "seeded-team");
    private static final String NO_TOKEN = "X-Test-No-Token";
    // Kept in the system properties (as JDK types) so that every class loader of a Quarkus test run sees the one set:
    // the test making a team and the filter minting the token may each have loaded this class.
    @SuppressWarnings("unchecked")
    private static final Set<String> TEAMS = (Set<String>) System.getProperties().computeIfAbsent(
            "trialclock.test-callers.teams", k -> new ConcurrentSkipListSet<>(FIXED_TEAMS));
    private static final AtomicInteger SEQUENCE = (AtomicInteger) System.getProperties().computeIfAbsent(
            "trialclock.test-callers.sequence", k -> new AtomicInteger());
    private static final String RUN = (String) System.getProperties().computeIfAbsent(
            "trialclock.test-callers.run", k -> UUID.randomUUID().toString().substring(0, 6));
    private static volatile String defaultToken;
    private static volatile int defaultTokenTeams;

    private TestCallers() {
    }

    /** Gives every later RestAssured request without a token the default caller's (once per class loader). */
    public static void installDefaultBearer() {
        synchronized (RestAssured.class) {
            if (RestAssured.filters().stream().noneMatch(f -> f instanceof DefaultBearer)) {
                RestAssured.filters(new DefaultBearer());
            }
        }
    }

    /** A new team name the default caller is on, e.g. {@code team-1a2b3c-7}. */
    public static String team(String prefix) {
        String team = prefix + "-" + RUN + "-" + SEQUENCE.incrementAndGet();
        TEAMS.add(team);
        return team;
    }

    /** The {@code Authorization} header of a caller with these roles on these teams. */
    public static Header bearer(String subject, Collection<String> roles, Collection<String> teams) {
        return new Header("Authorization", "Bearer " + Tokens.forThisJvm().mint(subject, roles, teams));
    }

    /** The default caller's token, for clients other than RestAssured. */
    public static String defaultAuthorization() {
        return defaultToken();
    }

    /** A marker header: send this request without any token. */
    public static Header noToken() {
        return new Header(NO_TOKEN, "true");
    }

    private static String defaultToken() {
        int known = TEAMS.size();
        if (defaultToken == null || defaultTokenTeams != known) {
            defaultToken = "Bearer " + Tokens.forThisJvm().mint(DEFAULT_SUBJECT, List.of("admin"), List.copyOf(TEAMS));
            defaultTokenTeams = known;
        }
        return defaultToken;
    }

    private static final class DefaultBearer implements Filter {
        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                               FilterContext context) {
            if (request.getHeaders().hasHeaderWithName(NO_TOKEN)) {
                request.removeHeader(NO_TOKEN);
            } else if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                request.header("Authorization", defaultToken());
            }
            return context.next(request, response);
        }
    }
}
