package org.trialclock.access;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.event.Observes;

/**
 * A browser cannot put a bearer token on a page it navigates to, so the pages' sign-in (a pasted token, or the dev
 * profile's local sign-in) keeps it in the {@code trialclock_token} cookie ({@code SameSite=Strict}: another site
 * cannot send it). This hands that cookie's token to the OIDC bearer check as if it came in
 * {@code Authorization: Bearer}; it is verified exactly like one. A request that has its own Authorization header
 * keeps it. Written here because quarkus-oidc reads bearer tokens from a header only.
 */
public class TokenCookie {

    static final String NAME = "trialclock_token";

    void register(@Observes Filters filters) {
        // Before authentication, which runs when a secured resource is reached (quarkus.http.auth.proactive=false).
        filters.register(rc -> {
            Cookie cookie = rc.request().getCookie(NAME);
            if (cookie != null && !cookie.getValue().isBlank() && rc.request().getHeader(HttpHeaders.AUTHORIZATION) == null) {
                rc.request().headers().set(HttpHeaders.AUTHORIZATION, "Bearer " + cookie.getValue());
            }
            rc.next();
        }, 100);
    }
}
