package org.trialclock.outbox;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

import java.time.Instant;
import java.util.UUID;

/** One event waiting to be relayed (or already relayed: {@code sentAt} set; or refused for good: {@code parkedAt}). */
@Entity
@Table(name = "outbox")
public class OutboxEvent extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    /** The CloudEvent id: consumers drop a second delivery of the same id. */
    public UUID eventId;
    public String topic;
    public String type;
    /** The Kafka key: the enrollment id, so one patient's events stay in order. */
    public String eventKey;
    public String subject;
    /** The JSON payload as written; kept as text in Java so it is relayed byte for byte. */
    @ColumnTransformer(write = "?::jsonb")
    public String payload;
    public Instant createdAt;
    public Instant sentAt;
    /** Set when Kafka refused the row for good (too large, not serializable): the relay passes it by. */
    public Instant parkedAt;
    /** Why Kafka refused it, for the operator ({@code GET /admin/outbox/parked}). */
    public String parkError;
}
