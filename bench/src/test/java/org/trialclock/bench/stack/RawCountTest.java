package org.trialclock.bench.stack;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drills count what the receivers got by raw message: a repeat is a duplicate whatever its Message-ID or
 * webhook-id. Real SMTP (the drills' GreenMail) and real HTTP (the drills' webhook receiver), one task's alerts.
 */
class RawCountTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void an_email_sent_twice_under_the_same_message_id_is_one_duplicate() throws Exception {
        String task = UUID.randomUUID().toString();
        try (MailReceiver mail = new MailReceiver(); WebhookReceiver webhook = new WebhookReceiver()) {
            dueEmail(mail.port(), task, "<n-1@trialclock>");
            dueEmail(mail.port(), task, "<n-1@trialclock>");
            post(webhook, task, "msg_1");

            Tally tally = tally(task, mail.deliveries(), webhook.deliveries());

            assertThat(tally.duplicated()).isEqualTo(1);
            assertThat(tally.sameIdRepeats()).isEqualTo(1);
            assertThat(tally.lost()).isZero();
            assertThat(tally.rawMail()).isEqualTo(2);
            assertThat(tally.rawWebhook()).isEqualTo(1);
        }
    }

    @Test
    void a_webhook_posted_twice_under_the_same_webhook_id_is_one_duplicate() throws Exception {
        String task = UUID.randomUUID().toString();
        try (MailReceiver mail = new MailReceiver(); WebhookReceiver webhook = new WebhookReceiver()) {
            dueEmail(mail.port(), task, "<n-1@trialclock>");
            post(webhook, task, "msg_2");
            post(webhook, task, "msg_2");

            Tally tally = tally(task, mail.deliveries(), webhook.deliveries());

            assertThat(tally.duplicated()).isEqualTo(1);
            assertThat(tally.lost()).isZero();
            assertThat(tally.rawWebhook()).isEqualTo(2);
        }
    }

    @Test
    void each_alert_received_once_is_neither_lost_nor_duplicated_and_a_missing_one_is_lost() throws Exception {
        String task = UUID.randomUUID().toString();
        try (MailReceiver mail = new MailReceiver(); WebhookReceiver webhook = new WebhookReceiver()) {
            dueEmail(mail.port(), task, "<n-1@trialclock>");

            Tally tally = tally(task, mail.deliveries(), webhook.deliveries());

            assertThat(tally.duplicated()).isZero();
            assertThat(tally.lost()).isEqualTo(1);
            assertThat(tally.notReceived()).isEqualTo(1);
        }
    }

    @Test
    void a_due_alert_about_a_task_the_burst_did_not_plan_counts_as_duplicated() throws Exception {
        String task = UUID.randomUUID().toString();
        try (MailReceiver mail = new MailReceiver(); WebhookReceiver webhook = new WebhookReceiver()) {
            dueEmail(mail.port(), task, "<n-1@trialclock>");
            post(webhook, task, "msg_3");
            post(webhook, UUID.randomUUID().toString(), "msg_4");

            Tally tally = tally(task, mail.deliveries(), webhook.deliveries());

            assertThat(tally.unexpected()).isEqualTo(1);
            assertThat(tally.duplicated()).isEqualTo(1);
            assertThat(tally.lost()).isZero();
        }
    }

    /** The count for one planned task whose two notifications are SENT once each in the database. */
    private static Tally tally(String task, Deliveries mail, Deliveries webhook) {
        Map<String, Tally.Pair> sentOnce = Map.of(task + "/" + DueBurst.NURSE + "/EMAIL", new Tally.Pair(1, 1),
                task + "/" + DueBurst.WARD_HOOK + "/WEBHOOK", new Tally.Pair(1, 1));
        return Tally.of(List.of(task), sentOnce, mail, webhook, Set.of());
    }

    /** A due email as notify-service writes it (subject, task link), under a fixed Message-ID. */
    private static void dueEmail(int port, String task, String messageId) throws MessagingException {
        Properties smtp = new Properties();
        smtp.put("mail.smtp.host", "127.0.0.1");
        smtp.put("mail.smtp.port", String.valueOf(port));
        MimeMessage mail = new MimeMessage(Session.getInstance(smtp)) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId); // what a retry of the same notification sends
            }
        };
        mail.setFrom(new InternetAddress("trialclock@drill.local"));
        mail.setRecipient(Message.RecipientType.TO, new InternetAddress(DueBurst.NURSE_EMAIL));
        mail.setSubject("[TrialClock] Due now: DRILL-1 Blood count 1");
        mail.setText("Blood count 1 is due. http://127.0.0.1/inbox#task-" + task);
        Transport.send(mail);
    }

    /** A due alert post as notify-service sends it; the receiver has counted it once the answer is back. */
    private static void post(WebhookReceiver webhook, String task, String webhookId) throws Exception {
        String body = """
                {"notificationId":7,"type":"trialclock.task.due","taskId":"%s","recipient":"%s"}"""
                .formatted(task, DueBurst.WARD_HOOK);
        HttpResponse<Void> answer = HTTP.send(HttpRequest.newBuilder(URI.create(webhook.url()))
                .header("webhook-id", webhookId).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(answer.statusCode()).isEqualTo(204);
    }
}
