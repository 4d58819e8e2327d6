package org.trialclock.schedule.enrollment;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Entity
public class Enrollment extends PanacheEntityBase {
    @Id
    public UUID id;
    public String subjectId;
    public String protocolId;
    public String protocolVersion;
    public String arm;
    public String riskGroup;
    public String siteId;
    public String careTeam;
    public String timezone;
    public BigDecimal weightKg;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public Map<String, LocalDate> anchors;
    @Enumerated(EnumType.STRING)
    public EnrollmentStatus status;
    /** Why the enrollment is no longer ACTIVE (the finding that made it a screen failure, the relapse...). */
    public String statusReason;
    public Integer ageYears;
    public Integer ageMonths;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public List<String> attestations;
    /** Each eligibility criterion as last judged from the data. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public List<CriterionView> eligibility;
    public LocalDate enrolledOn;
    /** The subject of the enrolling coordinator's token (or the CloudEvent source of a Kafka enrollment). */
    public String enrolledBy;
    public Instant createdAt;

    /** EXISTS in SQL: Panache's count() builds a new count query each call, a measured cost on every enrollment. */
    public static boolean activeExists(String subjectId, String protocolId) {
        return (Boolean) getEntityManager().createNativeQuery("""
                SELECT EXISTS (SELECT 1 FROM enrollment WHERE subject_id = :s AND protocol_id = :p AND status = :st)""")
                .setParameter("s", subjectId).setParameter("p", protocolId)
                .setParameter("st", EnrollmentStatus.ACTIVE.name()).getSingleResult();
    }

    /** Enrollments of {@code teams} only (the caller's), optionally of one site and one team. */
    public static List<Enrollment> bySiteAndTeam(String siteId, String careTeam, java.util.Collection<String> teams) {
        if (teams.isEmpty()) {
            return List.of();
        }
        return find("(?1 is null or siteId = ?1) and (?2 is null or careTeam = ?2) and careTeam in ?3 order by createdAt",
                siteId, careTeam, teams).list();
    }
}
