package org.trialclock.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready once a shutdown has begun: the built-in checks still answer UP while the service finishes its record
 * in hand, so a load balancer, Kubernetes or {@code deploy/local/up.sh} would take a stopping process for a
 * running one.
 */
@Readiness
@ApplicationScoped
public class InboxReadiness implements HealthCheck {
    private final Inbox inbox;

    InboxReadiness(Inbox inbox) {
        this.inbox = inbox;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("inbox").status(!inbox.stopping()).withData("stopping", inbox.stopping())
                .build();
    }
}
