package org.trialclock.schedule.enrollment;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.trialclock.schedule.planning.ClinicalEvent;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A clinical event as recorded for an enrollment; the planner reads them all on every re-plan. */
@Entity
@Table(name = "clinical_event")
public class ClinicalEventRecord extends PanacheEntityBase {
    @Id
    public UUID id;
    public UUID enrollmentId;
    public String type;
    public LocalDate eventDate;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public Map<String, Object> data;
    public Instant recordedAt;

    public static List<ClinicalEvent> of(UUID enrollmentId) {
        return ClinicalEventRecord.<ClinicalEventRecord>find("enrollmentId = ?1 order by eventDate, recordedAt", enrollmentId)
                .stream().map(e -> new ClinicalEvent(e.type, e.eventDate, e.data)).toList();
    }
}
