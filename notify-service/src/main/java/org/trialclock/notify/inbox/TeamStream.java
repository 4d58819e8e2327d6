package org.trialclock.notify.inbox;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live stream of each team's task changes and alerts. An event reaches the stream only after the transaction
 * that processed it committed, and a redelivered event is never processed twice, so a follower sees each once.
 * The stream is of this replica: with several replicas, a follower sees what the replica it is connected to
 * consumed (the inbox itself is always complete).
 */
@ApplicationScoped
public class TeamStream {
    private final Map<String, Set<MultiEmitter<? super TeamEvent>>> followers = new ConcurrentHashMap<>();

    /** A stream that first says {@code stream.opened}, by which time this follower is registered. */
    public Multi<TeamEvent> follow(String team) {
        return Multi.createFrom().emitter(emitter -> {
            Set<MultiEmitter<? super TeamEvent>> teamFollowers = followers.computeIfAbsent(team,
                    t -> ConcurrentHashMap.newKeySet());
            teamFollowers.add(emitter);
            emitter.onTermination(() -> teamFollowers.remove(emitter));
            emitter.emit(TeamEvent.opened(team));
        }, BackPressureStrategy.BUFFER);
    }

    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) TeamEvent event) {
        followers.getOrDefault(event.careTeam(), Set.of()).forEach(f -> f.emit(event));
    }
}
