package org.trialclock.notify.inbox;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.ColumnTransformer;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A care team's view of one task: the newest version schedule-service published. */
@Entity
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
    /** When this service first learned the task is overdue: the escalation delay counts from here. */
    public Instant overdueSince;
    public Instant acknowledgedAt;
    public String acknowledgedBy;
    /** Set once the escalation contact was alerted, so it happens once. */
    public Instant escalatedAt;

    public static List<TaskView> ofTeam(String careTeam) {
        return find("careTeam = ?1 order by dueDate, title", careTeam).list();
    }
}
