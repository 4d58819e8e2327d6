package org.trialclock.bench.stack;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The care team's mail server: GreenMail, a real SMTP server, in this JVM. Each email is counted per task (read
 * from the "POST /tasks/{id}/completion" line every alert carries) and recipient, by Message-ID (so reading
 * the mailboxes twice counts nothing twice). It can be taken
 * down and brought back on the same port; what the old server got is counted before it goes.
 */
public final class MailReceiver implements AutoCloseable {
    /** The task an alert is about: its text links to it on the inbox page ({@code ...#task-<id>}). */
    private static final Pattern TASK = Pattern.compile("#task-([0-9a-f-]{36})");
    private final int port;
    private final Deliveries deliveries = new Deliveries();
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
            server.start();
        }
    }

    /** Down: connections are refused until {@link #up}. */
    public synchronized void down() throws MessagingException, IOException {
        if (server != null) {
            harvest(server); // a stopped GreenMail's mailboxes are not to be trusted; a repeat read is harmless
            server.stop();
            server = null;
        }
    }

    /** Everything received: takes the server down first, so no email arrives while its mailboxes are read. */
    public synchronized Deliveries deliveries() throws MessagingException, IOException {
        down();
        return deliveries;
    }

    private void harvest(GreenMail from) throws MessagingException, IOException {
        for (MimeMessage mail : from.getReceivedMessages()) {
            if (!mail.getSubject().contains("Due now")) {
                continue;
            }
            Matcher task = TASK.matcher(text(mail));
            if (!task.find()) {
                continue;
            }
            Address[] to = mail.getAllRecipients();
            String address = ((InternetAddress) to[0]).getAddress();
            String messageId = mail.getMessageID();
            if (messageId == null) {
                throw new IllegalStateException("an email without Message-ID: repeats could not be told from reads");
            }
            deliveries.add(task.group(1), address, messageId);
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
    public void close() throws MessagingException, IOException {
        down();
    }
}
