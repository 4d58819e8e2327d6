package org.trialclock.notify.routing;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

/**
 * Care teams seeded at start-up, for the local stack and first deployments. A team that already exists is left as
 * it is (REST changes win); secrets come from the environment or a Kubernetes Secret, e.g.
 * {@code trialclock.routing.teams[0].webhook-secret=${ZJU_HSCT_WEBHOOK_SECRET}}.
 */
@ConfigMapping(prefix = "trialclock.routing")
public interface RoutingConfig {
    /** Absent when nothing is seeded (tests, or production managing teams over REST only). */
    Optional<List<TeamSeed>> teams();

    interface TeamSeed {
        String id();

        String name();

        Optional<String> escalationContact();

        Optional<String> webhookSecret();

        Optional<List<MemberSeed>> members();
    }

    interface MemberSeed {
        String name();

        String role();

        Optional<String> email();

        Optional<String> webhookUrl();

        Optional<String> webhookSecret();
    }
}
