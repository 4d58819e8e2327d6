package org.trialclock.notify.channels;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.jboss.logging.Logger;
import org.trialclock.notify.routing.CareTeam;
import org.trialclock.notify.routing.CareTeams;
import org.trialclock.notify.routing.Member;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
        Batch batch = batch();
        batch.toTeam(eventId, eventType, about, message);
        return batch.write();
    }

    /** Notifies the team's escalation contact only. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int toEscalationContact(String eventId, String eventType, About about, AlertMessage message) {
        var contact = teams.find(about.careTeam()).flatMap(CareTeam::escalationMember);
        if (contact.isEmpty()) {
            LOG.warnf("escalation %s: care team %s has no escalation contact", eventId, about.careTeam());
            return 0;
        }
        Batch batch = batch();
        batch.add(eventId, eventType, about, message, List.of(contact.get()));
        return batch.write();
    }

    /** Alerts collected one by one and written with {@link Batch#write()} in one INSERT (a consumed batch's). */
    public Batch batch() {
        return new Batch();
    }

    /**
     * Notification rows, one per recipient and channel, written together. Plain JDBC with arrays: a multi-row
     * insert of a list is not something Hibernate's native-query binding expresses.
     */
    public final class Batch {
        private final Instant now = clock.instant();
        private final List<String> eventIds = new ArrayList<>();
        private final List<String> types = new ArrayList<>();
        private final List<UUID> taskIds = new ArrayList<>();
        private final List<UUID> enrollmentIds = new ArrayList<>();
        private final List<String> subjectIds = new ArrayList<>();
        private final List<String> careTeams = new ArrayList<>();
        private final List<String> recipients = new ArrayList<>();
        private final List<String> channels = new ArrayList<>();
        private final List<String> addresses = new ArrayList<>();
        private final List<String> subjects = new ArrayList<>();
        private final List<String> texts = new ArrayList<>();
        private final List<String> htmls = new ArrayList<>();

        private Batch() {
        }

        /** Every member of the team, once the batch is written. */
        public void toTeam(String eventId, String eventType, About about, AlertMessage message) {
            teams.find(about.careTeam()).ifPresentOrElse(
                    team -> add(eventId, eventType, about, message, team.members),
                    () -> LOG.warnf("alert %s for care team %s: no such team configured; only its inbox shows it",
                            eventId, about.careTeam()));
        }

        private void add(String eventId, String eventType, About about, AlertMessage message, List<Member> members) {
            for (Member member : members) {
                if (member.email != null) {
                    add(eventId, eventType, about, message, member, Channel.EMAIL, member.email);
                }
                if (member.webhookUrl != null) {
                    add(eventId, eventType, about, message, member, Channel.WEBHOOK, member.webhookUrl);
                }
            }
        }

        private void add(String eventId, String eventType, About about, AlertMessage message, Member member,
                         Channel channel, String address) {
            eventIds.add(eventId);
            types.add(eventType);
            taskIds.add(about.taskId());
            enrollmentIds.add(about.enrollmentId());
            subjectIds.add(about.subjectId());
            careTeams.add(about.careTeam());
            recipients.add(member.name);
            channels.add(channel.name());
            addresses.add(address);
            subjects.add(message.subject());
            texts.add(message.text());
            htmls.add(channel == Channel.EMAIL ? message.html() : null); // only an email has an HTML version
        }

        /**
         * Writes the collected rows in the caller's transaction; the unique key (event id, recipient, channel) makes
         * a second raise of the same event a no-op. Returns how many new notifications were written.
         */
        public int write() {
            if (eventIds.isEmpty()) {
                return 0;
            }
            int written = em.unwrap(Session.class).doReturningWork(connection -> {
                try (PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO notification (event_id, event_type, task_id, enrollment_id, subject_id, care_team,
                            recipient, channel, address, subject, message, message_html, state, attempts,
                            next_attempt_at, created_at, retry_until)
                        SELECT event_id, event_type, task_id, enrollment_id, subject_id, care_team, recipient, channel,
                               address, subject, message, message_html, 'PENDING', 0, ?, ?, ?
                        FROM unnest(?::text[], ?::text[], ?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[],
                                    ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                             WITH ORDINALITY AS n(event_id, event_type, task_id, enrollment_id, subject_id, care_team,
                                                  recipient, channel, address, subject, message, message_html, i)
                        ORDER BY i
                        ON CONFLICT (event_id, recipient, channel) DO NOTHING""")) {
                    OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
                    insert.setObject(1, at);
                    insert.setObject(2, at);
                    insert.setObject(3, OffsetDateTime.ofInstant(now.plus(delivery.retryFor()), ZoneOffset.UTC));
                    int column = 4;
                    for (List<?> values : List.of(eventIds, types)) {
                        insert.setArray(column++, connection.createArrayOf("text", values.toArray()));
                    }
                    insert.setArray(column++, connection.createArrayOf("uuid", taskIds.toArray()));
                    insert.setArray(column++, connection.createArrayOf("uuid", enrollmentIds.toArray()));
                    for (List<?> values : List.of(subjectIds, careTeams, recipients, channels, addresses, subjects,
                            texts, htmls)) {
                        insert.setArray(column++, connection.createArrayOf("text", values.toArray()));
                    }
                    return insert.executeUpdate();
                }
            });
            if (written > 0) {
                raised.fire(new Raised());
            }
            return written;
        }
    }
}
