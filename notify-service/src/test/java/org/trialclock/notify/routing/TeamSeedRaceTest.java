package org.trialclock.notify.routing;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two notify-service replicas starting together on an empty database both seed the configured care teams; the
 * second failed its start on {@code care_team_pkey}. Here several "replicas" seed the same new teams at the same
 * instant (a barrier per team): each team must be created exactly once and no seeding may fail.
 */
@QuarkusTest
class TeamSeedRaceTest {
    private static final int REPLICAS = 4;
    private static final int TEAMS = 15;

    @Inject
    CareTeams teams;

    @Test
    void replicas_seeding_the_same_new_team_at_once_create_it_once_and_none_fails() throws Exception {
        ExecutorService replicas = Executors.newFixedThreadPool(REPLICAS);
        try {
            for (int t = 0; t < TEAMS; t++) {
                String teamId = "seed-race-" + UUID.randomUUID().toString().substring(0, 8);
                TeamDocument doc = new TeamDocument(teamId, "Seeded ward", "nurse-seed", null, null, List.of(
                        new TeamDocument.MemberDocument("nurse-seed", "NURSE", "nurse@zju.test", null, null, null)));
                CyclicBarrier together = new CyclicBarrier(REPLICAS);
                List<Future<Boolean>> seeded = new ArrayList<>();
                for (int r = 0; r < REPLICAS; r++) {
                    Callable<Boolean> seed = () -> {
                        together.await(10, TimeUnit.SECONDS);
                        return teams.createIfAbsent(teamId, doc);
                    };
                    seeded.add(replicas.submit(seed));
                }
                List<Boolean> created = new ArrayList<>();
                for (Future<Boolean> f : seeded) {
                    created.add(f.get(30, TimeUnit.SECONDS)); // a duplicate key on care_team_pkey fails here
                }
                assertThat(created).as("team %s created by exactly one replica", teamId).containsOnlyOnce(true);
                assertThat(teams.find(teamId)).isPresent();
            }
        } finally {
            replicas.shutdownNow();
        }
    }
}
