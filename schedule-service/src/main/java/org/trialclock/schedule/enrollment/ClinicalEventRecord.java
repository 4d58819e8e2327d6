package org.trialclock.schedule.enrollment;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.trialclock.schedule.planning.ClinicalEvent;
import org.trialclock.schedule.planning.ClinicalEventType;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A clinical event as recorded for an enrollment. A correction never overwrites a row: it adds the right values
 * as a new row and points the old one at it ({@code supersededBy}); an event entered in error is marked
 * {@code retractedAt}. The planner reads only the current rows.
 */
@Entity
@Table(name = "clinical_event")
public class ClinicalEventRecord extends PanacheEntityBase {
    @Id
    public UUID id;
    public UUID enrollmentId;
    @Enumerated(EnumType.STRING)
    public ClinicalEventType type;
    public LocalDate eventDate;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public Map<String, Object> data;
    public Instant recordedAt;
    /** The subject of the token of whoever reported it. */
    public String recordedBy;
    public UUID supersededBy;
    public Instant retractedAt;

    /** The events the planner reads: neither replaced by a correction nor withdrawn. */
    public static List<ClinicalEventRecord> current(UUID enrollmentId) {
        return find("enrollmentId = ?1 and supersededBy is null and retractedAt is null order by eventDate, recordedAt, id",
                enrollmentId).list();
    }

    /** Everything ever reported for the enrollment, corrections and withdrawals included. */
    static List<ClinicalEventRecord> history(UUID enrollmentId) {
        return find("enrollmentId = ?1 order by recordedAt, id", enrollmentId).list();
    }

    static Optional<ClinicalEventRecord> of(UUID enrollmentId, UUID id) {
        return ClinicalEventRecord.<ClinicalEventRecord>findByIdOptional(id).filter(e -> e.enrollmentId.equals(enrollmentId));
    }

    boolean isCurrent() {
        return supersededBy == null && retractedAt == null;
    }

    ClinicalEvent toEvent() {
        return new ClinicalEvent(type, eventDate, data);
    }
}
