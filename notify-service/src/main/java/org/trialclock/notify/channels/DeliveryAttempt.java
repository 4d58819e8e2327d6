package org.trialclock.notify.channels;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import java.time.Instant;

/** One try at delivering a notification: kept so a reader can see it failed twice before it got through. */
@Entity
public class DeliveryAttempt extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public Long notificationId;
    public int attempt;
    public Instant attemptedAt;
    public boolean succeeded;
    public String detail;
}
