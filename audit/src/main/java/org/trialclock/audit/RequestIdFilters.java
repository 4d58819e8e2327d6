package org.trialclock.audit;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Reads {@code X-Request-Id} (or makes one) before anything else runs, and echoes it on every REST response. */
public class RequestIdFilters {
    private final RequestId requestId;

    RequestIdFilters(RequestId requestId) {
        this.requestId = requestId;
    }

    @ServerRequestFilter(preMatching = true)
    public void read(ContainerRequestContext request) {
        requestId.set(RequestId.accept(request.getHeaderString(RequestId.HEADER)));
    }

    @ServerResponseFilter
    public void echo(ContainerResponseContext response) {
        String value = requestId.value();
        if (value != null) {
            response.getHeaders().putSingle(RequestId.HEADER, value);
        }
    }
}
