package org.trialclock.guard;

import io.quarkus.runtime.configuration.MemorySize;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a request body larger than {@code trialclock.http.max-body-size} (64 KiB) before it is read, with a 413
 * that the service's problem mapper answers as {@code application/problem+json}. Every body the services take is
 * small (the largest, an enrollment with its events, is a few KiB; a completion's result is capped at 4 KiB).
 * A body sent without a length (chunked) is cut off by Quarkus itself at {@code quarkus.http.limits.max-body-size}
 * (256 KiB), with a bare 413.
 */
public class BodyLimit {
    private final long maxBytes;

    BodyLimit(@ConfigProperty(name = "trialclock.http.max-body-size", defaultValue = "64K") MemorySize max) {
        this.maxBytes = max.asLongValue();
    }

    @ServerRequestFilter(preMatching = true)
    public void check(ContainerRequestContext request) {
        String length = request.getHeaderString("Content-Length");
        if (length == null) {
            return;
        }
        long bytes;
        try {
            bytes = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            throw new WebApplicationException("Content-Length: not a number", 400);
        }
        if (bytes > maxBytes) {
            throw new WebApplicationException("body: at most " + maxBytes + " bytes (got " + bytes + ")", 413);
        }
    }
}
