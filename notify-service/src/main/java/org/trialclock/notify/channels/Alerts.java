package org.trialclock.notify.channels;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.query.NativeQuery;
import org.jboss.logging.Logger;
import org.trialclock.notify.routing.CareTeam;
import org.trialclock.notify.routing.CareTeams;
import org.trialclock.notify.routing.Member;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Turns an alert into notifications: one per recipient and channel, written in the caller's transaction (the one
 * that marks the event processed). The unique key (event id, recipient, channel) makes a second raise of the same
 * event a no-op. The sender delivers them after commit.
 */
@ApplicationScoped
public class Alerts {
    private static final Logger LOG = Logger.getLogger(Alerts.class);

    private final EntityManager em;
    private final CareTeams teams;
    private final Clock clock;
    private final Event<Raised> raised;
    private final DeliveryConfig delivery;

    Alerts(EntityManager em, CareTeams teams, Clock clock, Event<Raised> raised, DeliveryConfig delivery) {
        this.em = em;
        this.teams = teams;
        this.clock = clock;
        this.raised = raised;
        this.delivery = delivery;
    }

    /** Fired inside the transaction; the sender observes it after commit to deliver without waiting for its poll. */
    public record Raised() {
    }

    /** Who the alert is about: the task (absent for an enrollment alert), the patient and the care team. */
    public record About(UUID taskId, UUID enrollmentId, String subjectId, String careTeam) {
    }

    /** Notifies every member of the team; returns how many new notifications were written. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int toTeam(String eventId, String eventType, About about, AlertMessage message) {
        return teams.find(about.careTeam())
                .map(team -> write(eventId, eventType, about, message, team.members))
                .orElseGet(() -> {
                    LOG.warnf("alert %s for care team %s: no such team configured; only its inbox shows it",
                            eventId, about.careTeam());
                    return 0;
                });
    }

    /** Notifies the team's escalation contact only. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int toEscalationContact(String eventId, String eventType, About about, AlertMessage message) {
        var contact = teams.find(about.careTeam()).flatMap(CareTeam::escalationMember);
        if (contact.isEmpty()) {
            LOG.warnf("escalation %s: care team %s has no escalation contact", eventId, about.careTeam());
            return 0;
        }
        return write(eventId, eventType, about, message, List.of(contact.get()));
    }

    private int write(String eventId, String eventType, About about, AlertMessage message, List<Member> members) {
        Instant now = clock.instant();
        int written = 0;
        for (Member member : members) {
            if (member.email != null) {
                written += insert(eventId, eventType, about, message, member, Channel.EMAIL, member.email, now);
            }
            if (member.webhookUrl != null) {
                written += insert(eventId, eventType, about, message, member, Channel.WEBHOOK, member.webhookUrl, now);
            }
        }
        if (written > 0) {
            raised.fire(new Raised());
        }
        return written;
    }

    private int insert(String eventId, String eventType, About about, AlertMessage message, Member member,
                       Channel channel, String address, Instant now) {
        return em.createNativeQuery("""
                INSERT INTO notification (event_id, event_type, task_id, enrollment_id, subject_id, care_team,
                    recipient, channel, address, subject, message, message_html, state, attempts, next_attempt_at,
                    created_at, retry_until)
                VALUES (:event, :type, :task, :enrollment, :subjectId, :team, :recipient, :channel, :address,
                    :subject, :message, :html, 'PENDING', 0, :now, :now, :retryUntil)
                ON CONFLICT (event_id, recipient, channel) DO NOTHING""").unwrap(NativeQuery.class)
                // typed, because an enrollment alert has no task and a bare null would not bind as uuid
                .setParameter("task", about.taskId(), UUID.class)
                .setParameter("enrollment", about.enrollmentId(), UUID.class)
                .setParameter("event", eventId).setParameter("type", eventType)
                .setParameter("subjectId", about.subjectId()).setParameter("team", about.careTeam())
                .setParameter("recipient", member.name).setParameter("channel", channel.name())
                .setParameter("address", address).setParameter("subject", message.subject())
                .setParameter("message", message.text()).setParameter("now", now)
                // only an email has an HTML version; typed, because a bare null would not bind
                .setParameter("html", channel == Channel.EMAIL ? message.html() : null, String.class)
                .setParameter("retryUntil", now.plus(delivery.retryFor()))
                .executeUpdate();
    }
}
