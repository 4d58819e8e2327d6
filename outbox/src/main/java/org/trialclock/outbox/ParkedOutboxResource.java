package org.trialclock.outbox;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the relay parked (rows Kafka refused for good), with the error, for the operator who must fix or drop them,
 * and the way back once the cause is fixed ({@code POST /admin/outbox/parked/{id}/release}). At most the first 500. The payload is not shown (it may name a patient); its size is, since "too large" is the usual refusal.
 */
@Path("/admin/outbox/parked")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin") // the services' Roles.ADMIN: operating the relay is not one care team's business
public class ParkedOutboxResource {

    public record ParkedRow(long id, UUID eventId, String topic, String type, String key, String subject,
                            int payloadBytes, Instant createdAt, Instant parkedAt, String error) {
        static ParkedRow of(OutboxEvent e) {
            return new ParkedRow(e.id, e.eventId, e.topic, e.type, e.eventKey, e.subject,
                    e.payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, e.createdAt, e.parkedAt,
                    e.parkError);
        }
    }

    @GET
    public List<ParkedRow> parked() {
        List<OutboxEvent> rows = OutboxEvent.<OutboxEvent>find("parkedAt is not null and sentAt is null order by id")
                .range(0, 499).list();
        return rows.stream().map(ParkedRow::of).toList();
    }

    /**
     * Puts a parked row back in the relay's queue once its cause is fixed (the broker's size limit raised, say): the
     * next batch sends it, or parks it again with the new error. It goes out after newer events of its enrollment
     * that were sent meanwhile; consumers already take each event on its own (CloudEvent id, recorded times).
     */
    @POST
    @Path("/{id}/release")
    @Transactional
    public ParkedRow release(@PathParam("id") long id) {
        OutboxEvent e = OutboxEvent.findById(id);
        if (e == null || e.parkedAt == null || e.sentAt != null) {
            throw new NotFoundException("no parked outbox row " + id);
        }
        ParkedRow was = ParkedRow.of(e);
        e.parkedAt = null;
        e.parkError = null;
        return was;
    }
}
