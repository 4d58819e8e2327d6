package org.trialclock.notify.channels;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;

/** Email through SMTP ({@code quarkus.mailer.*}); a refused or unreachable server is a failed attempt, retried. */
@ApplicationScoped
class EmailChannel {
    private final Mailer mailer;

    EmailChannel(Mailer mailer) {
        this.mailer = mailer;
    }

    void send(Notification n) {
        mailer.send(Mail.withText(n.address, n.subject, n.message));
    }
}
