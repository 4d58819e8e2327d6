package org.trialclock.schedule.enrollment;

import jakarta.persistence.EntityManager;

/**
 * How many rows the service has written, table by table. A refusal must leave all of them as they were: that is
 * what "stores and publishes nothing" means (the outbox is the only way anything reaches Kafka).
 */
record StoredRows(long enrollments, long events, long tasks, long outbox) {
    static StoredRows now(EntityManager em) {
        return new StoredRows(count(em, "enrollment"), count(em, "clinical_event"), count(em, "task"),
                count(em, "outbox"));
    }

    static long outboxOf(EntityManager em, String enrollmentId) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM outbox WHERE event_key = :k")
                .setParameter("k", enrollmentId).getSingleResult()).longValue();
    }

    private static long count(EntityManager em, String table) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM " + table).getSingleResult()).longValue();
    }
}
