package org.trialclock.notify.channels;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Email through SMTP ({@code quarkus.mailer.*}). A refused or unreachable server is a failed attempt, retried; so
 * is a send that does not finish within the timeout: the blocking mailer would wait forever on a stuck connection
 * and hold up the courier's round.
 */
@ApplicationScoped
class EmailChannel {
    private final ReactiveMailer mailer;
    private final DeliveryConfig config;

    EmailChannel(ReactiveMailer mailer, DeliveryConfig config) {
        this.mailer = mailer;
        this.config = config;
    }

    void send(Notification n) {
        mailer.send(Mail.withText(n.address, n.subject, n.message)).await().atMost(config.emailTimeout());
    }
}
