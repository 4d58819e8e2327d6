package org.trialclock.notify.inbox;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.DynamicUpdate;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A care team's view of one task: the newest version schedule-service published. Updates write only the columns
 * they change ({@code @DynamicUpdate}), so a new version of the task from Kafka never writes back a stale
 * acknowledgement or escalation read before a concurrent one was committed, nor the other way round.
 */
@Entity
@DynamicUpdate
public class TaskView extends PanacheEntityBase {
    @Id
    public UUID taskId;
    public UUID enrollmentId;
    public String subjectId;
    public String protocolId;
    public String siteId;
    public String careTeam;
    public String timezone;
    public String kind;
    public String title;
    public LocalDate dueDate;
    public LocalDate windowEnd;
    public String status;
    public long version;
    /** The task exactly as published, for the inbox to show whole. */
    @ColumnTransformer(write = "?::jsonb")
    public String payload;
    public String lastEvent;
    public Instant updatedAt;
    /**
     * When this service learned the task is overdue: the escalation delay counts from here. Cleared when the task
     * leaves OVERDUE, so a task overdue again starts a new episode that may be escalated again.
     */
    public Instant overdueSince;
    public Instant acknowledgedAt;
    public String acknowledgedBy;
    /** When the escalation contact was last alerted: once per overdue episode (later than overdueSince). */
    public Instant escalatedAt;

    public static List<TaskView> ofTeam(String careTeam) {
        return find("careTeam = ?1 order by dueDate, title", careTeam).list();
    }
}
