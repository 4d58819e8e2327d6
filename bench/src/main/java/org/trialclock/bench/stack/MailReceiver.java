package org.trialclock.bench.stack;

import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The care team's mail server: GreenMail, a real SMTP server, in this JVM. Every message the server accepts (each
 * DATA, for each recipient) is counted as it arrives, per due alert: the task (read from the "#task-{id}" link
 * every alert carries), the recipient and the channel, whatever its Message-ID, so an email sent twice under the
 * same Message-ID counts twice ({@link Deliveries}). It can be taken down and brought back on the same port.
 */
public final class MailReceiver implements AutoCloseable {
    /** The task an alert is about: its text links to it on the inbox page ({@code ...#task-<id>}). */
    private static final Pattern TASK = Pattern.compile("#task-([0-9a-f-]{36})");
    private final int port;
    private final Deliveries deliveries = new Deliveries("EMAIL");
    private GreenMail server;

    public MailReceiver() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        up();
    }

    public int port() {
        return port;
    }

    public synchronized void up() {
        if (server == null) {
            server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            // counted on arrival, not read from the mailboxes afterwards: a mailbox is the server's view, the
            // handler sees every message the server accepted, once each (it keeps delivering to the mailbox after)
            UserManager users = server.getUserManager();
            MessageDeliveryHandler store = users.getMessageDeliveryHandler();
            users.setMessageDeliveryHandler((message, recipient) -> {
                count(message.getMessage(), recipient.getEmail());
                return store.handle(message, recipient);
            });
            server.start();
        }
    }

    /** Down: connections are refused until {@link #up}. */
    public synchronized void down() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** Everything received: takes the server down first, so no email arrives while the count is read. */
    public synchronized Deliveries deliveries() {
        down();
        return deliveries;
    }

    /** One accepted message for one recipient; never throws, so counting cannot refuse a message. */
    void count(MimeMessage mail, String recipient) {
        deliveries.received();
        try {
            String subject = mail.getSubject();
            if (subject == null || !subject.contains("Due now")) {
                return;
            }
            Matcher task = TASK.matcher(text(mail));
            // a due email without its task link is still a due email sent: counted, as about no task of the burst
            deliveries.add(task.find() ? task.group(1) : "unreadable", Deliveries.DUE, recipient, mail.getMessageID());
        } catch (MessagingException | IOException | RuntimeException e) {
            deliveries.add("unreadable", Deliveries.DUE, recipient, null);
        }
    }

    /** The text part, decoded: an alert is multipart/alternative (text and HTML). Also read by the system tests. */
    public static String text(MimeMessage mail) throws MessagingException, IOException {
        if (mail.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                if (multipart.getBodyPart(i).isMimeType("text/plain")) {
                    return String.valueOf(multipart.getBodyPart(i).getContent());
                }
            }
        }
        return String.valueOf(mail.getContent());
    }

    @Override
    public void close() {
        down();
    }
}
