package org.trialclock.notify.channels;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import java.time.Instant;
import java.util.UUID;

/** One alert to one recipient on one channel, with its delivery state and retry schedule. */
@Entity
public class Notification extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    /** The CloudEvent id that caused it, or {@code escalation:<task id>}. */
    public String eventId;
    public String eventType;
    public UUID taskId;
    public UUID enrollmentId;
    public String subjectId;
    public String careTeam;
    /** The member's name within the care team. */
    public String recipient;
    @Enumerated(EnumType.STRING)
    public Channel channel;
    /** Email address or webhook URL at the time the alert was raised. */
    public String address;
    public String subject;
    public String message;
    /** The email's HTML version (Qute, templates/AlertMessages/), or null: the email is the text alone. */
    public String messageHtml;
    @Enumerated(EnumType.STRING)
    public DeliveryState state;
    public int attempts;
    public Instant nextAttemptAt;
    /** Tried until then; FAILED after. Set when raised, moved on by an operator's re-send. */
    public Instant retryUntil;
    public String lastError;
    public Instant createdAt;
    public Instant deliveredAt;
    /** The id a receiver dedupes on, the same for every attempt (webhook-id, the email's Message-ID); set by the database. */
    @Column(insertable = false, updatable = false)
    public UUID deliveryId;
    /** The SMTP relay or the webhook's scheme://host:port, derived by the database from channel and address. */
    @Column(insertable = false, updatable = false)
    public String destination;
}
