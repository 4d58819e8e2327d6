package org.trialclock.notify.completion;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.ColumnTransformer;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** What was done for a task, by whom, on which day; a later one for the same task supersedes it, both kept. */
@Entity
public class Completion extends PanacheEntityBase {
    @Id
    public UUID completionId;
    public UUID taskId;
    public UUID enrollmentId;
    public String subjectId;
    public LocalDate completedOn;
    @Column(name = "completed_by")
    public String by;
    /** The result as the person gave it (MRD, GVHD grade, blood counts), JSON. */
    @ColumnTransformer(write = "?::jsonb")
    public String result;
    public Instant recordedAt;
    /** The completion this one corrects, if any. */
    public UUID supersedes;

    static List<Completion> ofTask(UUID taskId) {
        return list("taskId = ?1 order by recordedAt, completionId", taskId);
    }
}
