package org.trialclock.schedule.enrollment;

import jakarta.persistence.EntityManager;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * An alert the care team was sent about the enrollment: {@code type} (SCREEN_FAILURE, MRD_CONVERSION, RELAPSE...),
 * the {@code reason} they read, the clinical {@code date} it is about and the day it was raised at the site.
 */
public record AlertView(String type, String reason, LocalDate date, LocalDate raisedOn) {

    /** The SQL of table enrollment_alert lives here and in {@link Replanner#apply}'s insert. */
    static List<AlertView> of(EntityManager em, UUID enrollmentId, ZoneId zone) {
        List<?> rows = em.createNativeQuery("""
                SELECT kind, reason, alert_date, raised_at FROM enrollment_alert
                WHERE enrollment_id = :e ORDER BY raised_at, alert_key""")
                .setParameter("e", enrollmentId).getResultList();
        return rows.stream().map(r -> (Object[]) r).map(r -> new AlertView((String) r[0], (String) r[1],
                date(r[2]), raisedOn(r[3], zone))).toList();
    }

    private static LocalDate date(Object value) {
        return value instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) value;
    }

    private static LocalDate raisedOn(Object at, ZoneId zone) {
        java.time.Instant instant = at instanceof Timestamp t ? t.toInstant()
                : at instanceof java.time.OffsetDateTime o ? o.toInstant() : (java.time.Instant) at;
        return LocalDate.ofInstant(instant, zone);
    }
}
