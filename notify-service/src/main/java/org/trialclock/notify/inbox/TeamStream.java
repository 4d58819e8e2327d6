package org.trialclock.notify.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.trialclock.events.Json;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live stream of each team's task changes and alerts, from every replica. A replica that processes an event
 * sends it with PostgreSQL's NOTIFY in the same transaction, which PostgreSQL delivers to every listening replica
 * (this one included) only when that transaction commits, and never if it rolls back; {@link TeamEventListener}
 * hands what arrives to this replica's followers. A redelivered event is never processed twice, so a follower sees
 * each once, whichever replica it is connected to and whichever consumed the event.
 */
@ApplicationScoped
public class TeamStream {
    /** The channel every replica listens on. */
    static final String CHANNEL = "trialclock_team_events";
    /** NOTIFY payloads must stay under 8,000 bytes; a long alert text is cut, the page shows the full inbox. */
    private static final int MAX_MESSAGE_CHARS = 1_000;

    private final Map<String, Set<MultiEmitter<? super TeamEvent>>> followers = new ConcurrentHashMap<>();
    private final EntityManager em;

    TeamStream(EntityManager em) {
        this.em = em;
    }

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

    /** Sends the event to every replica, inside the transaction that processed it. */
    void processed(@Observes TeamEvent event) {
        sendAll(List.of(event));
    }

    /**
     * Sends the events, in order (the array is read in order), to every replica, inside the transaction that
     * processed them: one statement.
     */
    void sendAll(List<TeamEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<String> payloads = new ArrayList<>(events.size());
        for (TeamEvent event : events) {
            String message = event.message() != null && event.message().length() > MAX_MESSAGE_CHARS
                    ? event.message().substring(0, MAX_MESSAGE_CHARS) + "..." : event.message();
            TeamEvent sent = new TeamEvent(event.eventId(), event.type(), event.careTeam(), event.taskId(),
                    event.subjectId(), event.title(), event.status(), event.dueDate(), message);
            try {
                payloads.add(Json.MAPPER.writeValueAsString(sent));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a team event could not be written as JSON", e);
            }
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement notify = connection.prepareStatement(
                    "SELECT count(pg_notify(?, p)) FROM unnest(?::text[]) AS p")) {
                notify.setString(1, CHANNEL);
                notify.setArray(2, connection.createArrayOf("text", payloads.toArray()));
                notify.executeQuery().close();
            }
        });
    }

    /** What a replica's listener received: to this replica's followers of the team. */
    void deliver(TeamEvent event) {
        followers.getOrDefault(event.careTeam(), Set.of()).forEach(f -> f.emit(event));
    }

    /** After the listener's connection was lost and came back: followers may have missed events and reload. */
    void resumed() {
        followers.forEach((team, set) -> set.forEach(f -> f.emit(TeamEvent.resumed(team))));
    }
}
