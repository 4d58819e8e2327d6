package org.trialclock.notify.channels;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.TimeoutException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Email through SMTP ({@code quarkus.mailer.*}). A refused or unreachable server is a failed attempt, retried. A
 * send that does not finish within the timeout (the blocking mailer would wait forever on a stuck connection) is an
 * {@link UncertainSend}: the server may have taken the message. Every attempt carries the same Message-ID, by which
 * mail systems and clients recognise a repeat.
 *
 * <p>Every send starts on one Vert.x event loop of its own. Started from a courier thread, the mailer's client
 * (vertx-mail-client 4.5) opened a new connection on one event loop and installed its reply handler on another, and
 * a server greeting that came in between was dropped: that send waited until the server gave up on the connection
 * (GreenMail: 30 s), past the email timeout, and went out again. Measured against GreenMail with 32 sends at once
 * and a connection per email: 2 to 4 of 2,000 sends hung in each of four runs from plain threads, none started on
 * one event loop; in the drills, 9 of a burst's first 32 emails (the pool filling) timed out.
 */
@ApplicationScoped
class EmailChannel {
    private final ReactiveMailer mailer;
    private final DeliveryConfig config;
    private final Context mailLoop;

    EmailChannel(ReactiveMailer mailer, DeliveryConfig config, Vertx vertx) {
        this.mailer = mailer;
        this.config = config;
        this.mailLoop = ((VertxInternal) vertx).createEventLoopContext();
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
            mailer.send(mail)
                    .runSubscriptionOn(start -> mailLoop.runOnContext(ignored -> start.run()))
                    .await().atMost(config.emailTimeout());
        } catch (TimeoutException e) {
            throw new UncertainSend("SMTP send not finished within " + config.emailTimeout()
                    + ": may have been delivered", e);
        }
    }
}
