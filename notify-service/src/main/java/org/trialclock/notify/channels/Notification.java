package org.trialclock.notify.channels;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
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
    @Enumerated(EnumType.STRING)
    public DeliveryState state;
    public int attempts;
    public Instant nextAttemptAt;
    public String lastError;
    public Instant createdAt;
    public Instant deliveredAt;
}
