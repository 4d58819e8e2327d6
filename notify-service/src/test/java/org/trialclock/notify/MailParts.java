package org.trialclock.notify;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;

/** The decoded text and HTML parts of a received email (an alert is multipart/alternative: text and HTML). */
public final class MailParts {
    private MailParts() {
    }

    public static String text(MimeMessage mail) throws MessagingException, IOException {
        return part(mail, "text/plain");
    }

    /** The HTML part, or null for a text-only email. */
    public static String html(MimeMessage mail) throws MessagingException, IOException {
        return part(mail, "text/html");
    }

    private static String part(MimeMessage mail, String type) throws MessagingException, IOException {
        Object content = mail.getContent();
        if (!(content instanceof Multipart multipart)) {
            return mail.isMimeType(type) ? content.toString() : null;
        }
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.isMimeType(type)) {
                return part.getContent().toString();
            }
        }
        return null;
    }
}
