package org.trialclock.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.trialclock.events.Json;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes events into the outbox table inside the caller's transaction: the event exists if and only if the
 * change it reports was committed. The relay publishes it afterwards. Both services use this one outbox; each
 * keeps the {@code outbox} table in its own database (its own Flyway migration).
 */
@ApplicationScoped
public class Outbox {
    private final Clock clock;
    private final Event<OutboxWritten> written;
    private final RelayConfig config;
    private final EntityManager em;

    /**
     * Many rows in one statement: the arrays are unnested in order (WITH ORDINALITY), so ids, and with them the
     * relay's order per key, follow the caller's list. One round trip however many rows; the bigserial key stays
     * (the relay's order and the drills rely on it) because PostgreSQL numbers the rows itself.
     */
    private static final String INSERT_MANY = """
            INSERT INTO outbox (event_id, topic, type, event_key, subject, payload, created_at)
            SELECT e, t, ty, k, s, CAST(p AS jsonb), ?
            FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY
                 AS x(e, t, ty, k, s, p, n)
            ORDER BY n""";

    Outbox(Clock clock, Event<OutboxWritten> written, RelayConfig config, EntityManager em) {
        this.clock = clock;
        this.written = written;
        this.config = config;
        this.em = em;
    }

    /** An event to write with {@link #addAll}: the same fields as {@link #add}. */
    public record NewEvent(String topic, String type, String key, String subject, Object payload) {
    }

    /** Fired inside the transaction; the relay observes it after commit to publish without waiting for its poll. */
    public record OutboxWritten() {
    }

    /**
     * Returns the CloudEvent id the event will carry. An event larger than {@link RelayConfig#maxPayloadBytes()}
     * is refused ({@link OversizedEvent}), which rolls the caller's change back: it could never be sent.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID add(String topic, String type, String key, String subject, Object payload) {
        OutboxEvent event = new OutboxEvent();
        event.eventId = UUID.randomUUID();
        event.topic = topic;
        event.type = type;
        event.eventKey = key;
        event.subject = subject;
        try {
            event.payload = Json.MAPPER.writeValueAsString(payload);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        checkSize(type, event.payload);
        event.createdAt = clock.instant();
        event.persist();
        written.fire(new OutboxWritten());
        return event.eventId;
    }

    /**
     * {@link #add} for many events in one INSERT (the dispatcher's batches): same checks, same order, returns their
     * CloudEvent ids in the list's order. Plain JDBC on the transaction's connection: Hibernate cannot batch
     * inserts of an IDENTITY-keyed entity, which made each event its own round trip.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> addAll(List<NewEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        int n = events.size();
        UUID[] ids = new UUID[n];
        String[] topics = new String[n], types = new String[n], keys = new String[n], subjects = new String[n],
                payloads = new String[n];
        for (int i = 0; i < n; i++) {
            NewEvent e = events.get(i);
            ids[i] = UUID.randomUUID();
            topics[i] = e.topic();
            types[i] = e.type();
            keys[i] = e.key();
            subjects[i] = e.subject();
            try {
                payloads[i] = Json.MAPPER.writeValueAsString(e.payload());
            } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                throw new UncheckedIOException(ex);
            }
            checkSize(e.type(), payloads[i]);
        }
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT_MANY)) {
                insert.setObject(1, now);
                insert.setArray(2, connection.createArrayOf("uuid", ids));
                insert.setArray(3, connection.createArrayOf("text", topics));
                insert.setArray(4, connection.createArrayOf("text", types));
                insert.setArray(5, connection.createArrayOf("text", keys));
                insert.setArray(6, connection.createArrayOf("text", subjects));
                insert.setArray(7, connection.createArrayOf("text", payloads));
                insert.executeUpdate();
            }
        });
        written.fire(new OutboxWritten());
        return new ArrayList<>(List.of(ids));
    }

    private void checkSize(String type, String payload) {
        int bytes = payload.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > config.maxPayloadBytes()) {
            throw new OversizedEvent(type, bytes, config.maxPayloadBytes());
        }
    }
}
