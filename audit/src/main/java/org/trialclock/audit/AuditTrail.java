package org.trialclock.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.arc.Arc;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.jboss.logging.MDC;
import org.trialclock.events.Json;

import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Appends one row per state change, in the caller's transaction: the row exists if and only if the change was
 * committed. Rows are never updated or deleted; the database refuses it (db/audit/V111__audit_trail.sql).
 * Both services use this one class; each keeps the {@code audit_entry} table in its own database.
 */
@ApplicationScoped
public class AuditTrail {
    /** Who acts when no person does: a Kafka consumer, the dispatcher, a scheduled job. */
    public static final String SYSTEM = "system";
    /** An HTTP request with no signed-in principal and no {@code by} of its own. */
    public static final String ANONYMOUS = "anonymous";
    /** The key {@code outbox/Inbox} puts the consumed record's CloudEvent id under in the log context. */
    private static final String CLOUD_EVENT_ID = "cloudEventId";
    private static final int MAX_ROWS = 10_000;
    /**
     * Who a consumer acts for while it applies a change someone made elsewhere (a completion's {@code by}): every
     * row the change writes, down to the re-planned tasks, names that person. The work is synchronous on one thread.
     */
    private static final ThreadLocal<String> ON_BEHALF_OF = new ThreadLocal<>();

    private final EntityManager em;
    private final Clock clock;
    private final RequestId requestId;
    private final Instance<SecurityIdentity> identity;

    AuditTrail(EntityManager em, Clock clock, RequestId requestId, Instance<SecurityIdentity> identity) {
        this.em = em;
        this.clock = clock;
        this.requestId = requestId;
        this.identity = identity;
    }

    /** A change made on behalf of whoever is signed in (or the system, in a consumer or scheduler). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(AuditAction action, AuditEntry.Subject subject, Object before, Object after) {
        record(action, subject, before, after, null);
    }

    /**
     * @param claimedBy who the request or event says did it ({@code by}, {@code enrolledBy}, {@code recordedBy});
     *                  used only when no principal is signed in
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(AuditAction action, AuditEntry.Subject subject, Object before, Object after,
                       String claimedBy) {
        Batch entry = batch();
        entry.add(action, subject, before, after, claimedBy);
        entry.write();
    }

    /** Entries to write together with {@link Batch#write()}, each as {@link #record} would write it. */
    public Batch batch() {
        return new Batch();
    }

    /**
     * Entries collected one by one and written with one INSERT (the dispatcher's batches of a thousand tasks: one
     * statement instead of one round trip per task). Plain JDBC with arrays, since a multi-row insert of a list is
     * not something Hibernate's native-query binding expresses.
     */
    public final class Batch {
        private final List<Instant> at = new ArrayList<>();
        private final List<String> actors = new ArrayList<>();
        private final List<String> actions = new ArrayList<>();
        private final List<UUID> enrollments = new ArrayList<>();
        private final List<UUID> tasks = new ArrayList<>();
        private final List<String> teams = new ArrayList<>();
        private final List<String> requests = new ArrayList<>();
        private final List<String> befores = new ArrayList<>();
        private final List<String> afters = new ArrayList<>();

        private Batch() {
        }

        public void add(AuditAction action, AuditEntry.Subject subject, Object before, Object after) {
            add(action, subject, before, after, null);
        }

        private void add(AuditAction action, AuditEntry.Subject subject, Object before, Object after,
                         String claimedBy) {
            String http = httpRequestId();
            at.add(clock.instant());
            actors.add(actor(http != null, claimedBy));
            actions.add(action.name());
            enrollments.add(subject.enrollmentId());
            tasks.add(subject.taskId());
            teams.add(subject.team());
            requests.add(http != null ? http : causeId());
            befores.add(json(before));
            afters.add(json(after));
        }

        /** Writes what was added, in the order it was added; inside the caller's transaction. */
        public void write() {
            if (at.isEmpty()) {
                return;
            }
            if (!em.isJoinedToTransaction()) {
                throw new IllegalStateException("an audit batch is written inside the change's transaction");
            }
            // the change's pending entities first, as Hibernate does before a native statement: a constraint the
            // change breaks is reported here, inside the caller, not later at commit
            em.flush();
            em.unwrap(Session.class).doWork(connection -> {
                try (PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO audit_entry (at, actor, action, enrollment_id, task_id, team, request_id, before,
                                                 after)
                        SELECT at, actor, action, enrollment_id, task_id, team, request_id, CAST(before AS jsonb),
                               CAST(after AS jsonb)
                        FROM unnest(?::timestamptz[], ?::text[], ?::text[], ?::uuid[], ?::uuid[], ?::text[],
                                    ?::text[], ?::text[], ?::text[])
                             WITH ORDINALITY AS a(at, actor, action, enrollment_id, task_id, team, request_id,
                                                  before, after, n)
                        ORDER BY n""")) {
                    insert.setArray(1, connection.createArrayOf("timestamptz",
                            at.stream().map(i -> OffsetDateTime.ofInstant(i, ZoneOffset.UTC)).toArray()));
                    insert.setArray(2, connection.createArrayOf("text", actors.toArray()));
                    insert.setArray(3, connection.createArrayOf("text", actions.toArray()));
                    insert.setArray(4, connection.createArrayOf("uuid", enrollments.toArray()));
                    insert.setArray(5, connection.createArrayOf("uuid", tasks.toArray()));
                    insert.setArray(6, connection.createArrayOf("text", teams.toArray()));
                    insert.setArray(7, connection.createArrayOf("text", requests.toArray()));
                    insert.setArray(8, connection.createArrayOf("text", befores.toArray()));
                    insert.setArray(9, connection.createArrayOf("text", afters.toArray()));
                    insert.executeUpdate();
                }
            });
        }
    }

    /** Until closed, changes on this thread with no principal and no claimed author are attributed to {@code who}. */
    public Acting onBehalfOf(String who) {
        String previous = ON_BEHALF_OF.get();
        ON_BEHALF_OF.set(who);
        return () -> {
            if (previous == null) {
                ON_BEHALF_OF.remove();
            } else {
                ON_BEHALF_OF.set(previous);
            }
        };
    }

    /** Closing it ends {@link #onBehalfOf}. */
    public interface Acting extends AutoCloseable {
        @Override
        void close();
    }

    /** A patient's entries (or a team's, when no patient is given), in the order they happened. */
    @Transactional
    public List<AuditEntry> of(UUID enrollmentId, String team) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT id, at, actor, action, enrollment_id, task_id, team, request_id, CAST(before AS text),
                       CAST(after AS text)
                FROM audit_entry
                WHERE (CAST(:enrollment AS uuid) IS NULL OR enrollment_id = CAST(:enrollment AS uuid))
                  AND (CAST(:team AS text) IS NULL OR team = CAST(:team AS text))
                ORDER BY at, id LIMIT :n""")
                .setParameter("enrollment", enrollmentId == null ? null : enrollmentId.toString())
                .setParameter("team", team)
                .setParameter("n", MAX_ROWS)
                .getResultList();
        return rows.stream().map(r -> new AuditEntry(((Number) r[0]).longValue(), instant(r[1]), (String) r[2],
                AuditAction.valueOf((String) r[3]), (UUID) r[4], (UUID) r[5], (String) r[6], (String) r[7],
                node((String) r[8]), node((String) r[9]))).toList();
    }

    private String actor(boolean http, String claimedBy) {
        String principal = principal();
        if (principal != null) {
            return principal;
        }
        if (claimedBy != null && !claimedBy.isBlank()) {
            return claimedBy;
        }
        String onBehalfOf = ON_BEHALF_OF.get();
        if (onBehalfOf != null && !onBehalfOf.isBlank()) {
            return onBehalfOf;
        }
        return http ? ANONYMOUS : SYSTEM;
    }

    /** The signed-in principal's name (the token's {@code sub}), or null: anonymous, or no request at all. */
    private String principal() {
        if (!Arc.container().requestContext().isActive() || !identity.isResolvable()) {
            return null;
        }
        try {
            SecurityIdentity who = identity.get();
            return who.isAnonymous() ? null : who.getPrincipal().getName();
        } catch (RuntimeException e) {
            return null; // no identity can be established here (not an HTTP request): the fallbacks speak
        }
    }

    private String httpRequestId() {
        return Arc.container().requestContext().isActive() ? requestId.value() : null;
    }

    /** Outside HTTP: the CloudEvent that caused the change, else a fresh id (a scheduler's own decision). */
    private static String causeId() {
        Object cloudEventId = MDC.get(CLOUD_EVENT_ID);
        return cloudEventId != null ? cloudEventId.toString() : UUID.randomUUID().toString();
    }

    private static String json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode node(String json) {
        try {
            return json == null ? null : Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant instant(Object value) {
        if (value instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        return (Instant) value;
    }
}
