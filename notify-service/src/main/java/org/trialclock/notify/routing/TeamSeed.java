package org.trialclock.notify.routing;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Creates the configured care teams that do not exist yet, through the same checks as {@code PUT /teams/{team}}:
 * a wrong seed stops the service with the field and the reason. Replicas starting together create each team once
 * ({@link CareTeams#createIfAbsent}).
 */
@ApplicationScoped
class TeamSeed {
    private static final Logger LOG = Logger.getLogger(TeamSeed.class);

    void seed(@Observes StartupEvent ignored, RoutingConfig config, CareTeams teams) {
        for (RoutingConfig.TeamSeed seed : config.teams().orElse(List.of())) {
            boolean created = teams.createIfAbsent(seed.id(), new TeamDocument(seed.id(), seed.name(), seed.escalationContact().orElse(null),
                    seed.webhookSecret().orElse(null), null, seed.members().orElse(List.of()).stream()
                    .map(m -> new TeamDocument.MemberDocument(m.name(), m.role(), m.email().orElse(null),
                            m.webhookUrl().orElse(null), m.webhookSecret().orElse(null), null))
                    .toList()));
            if (created) {
                LOG.infof("care team %s seeded from configuration", seed.id());
            }
        }
    }
}
