package org.trialclock.notify.channels;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.TimeoutException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Email through SMTP ({@code quarkus.mailer.*}). A refused or unreachable server is a failed attempt, retried. A
 * send that does not finish within the timeout (the blocking mailer would wait forever on a stuck connection) is an
 * {@link UncertainSend}: the server may have taken the message. Every attempt carries the same Message-ID, by which
 * mail systems and clients recognise a repeat.
 */
@ApplicationScoped
class EmailChannel {
    private final ReactiveMailer mailer;
    private final DeliveryConfig config;

    EmailChannel(ReactiveMailer mailer, DeliveryConfig config) {
        this.mailer = mailer;
        this.config = config;
    }

    /** The Message-ID of a notification's email, the same on every attempt. */
    static String messageId(Notification n) {
        return "<" + n.deliveryId + "@trialclock>";
    }

    void send(Notification n) throws UncertainSend {
        Mail mail = Mail.withText(n.address, n.subject, n.message).addHeader("Message-ID", messageId(n));
        if (n.messageHtml != null) {
            mail.setHtml(n.messageHtml); // multipart/alternative: the text for mail readers without HTML
        }
        try {
            mailer.send(mail).await().atMost(config.emailTimeout());
        } catch (TimeoutException e) {
            throw new UncertainSend("SMTP send not finished within " + config.emailTimeout()
                    + ": may have been delivered", e);
        }
    }
}
