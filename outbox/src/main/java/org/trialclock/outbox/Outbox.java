package org.trialclock.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import org.trialclock.events.Json;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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

    Outbox(Clock clock, Event<OutboxWritten> written, RelayConfig config) {
        this.clock = clock;
        this.written = written;
        this.config = config;
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
        int bytes = event.payload.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > config.maxPayloadBytes()) {
            throw new OversizedEvent(type, bytes, config.maxPayloadBytes());
        }
        event.createdAt = clock.instant();
        event.persist();
        written.fire(new OutboxWritten());
        return event.eventId;
    }
}
