package org.trialclock.notify.channels;

import jakarta.enterprise.context.ApplicationScoped;
import org.trialclock.events.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.UUID;

/**
 * A signed JSON post to the member's webhook URL (see {@link WebhookSignature}). Anything but a 2xx answer, or no
 * answer within the timeout, is a failed attempt.
 */
@ApplicationScoped
class WebhookChannel {
    private final HttpClient http;
    private final DeliveryConfig config;
    private final Clock clock;

    WebhookChannel(DeliveryConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(config.webhookTimeout()).build();
    }

    /** The body a receiver gets; {@code notificationId} lets it drop a repeat after our crash mid-send. */
    public record WebhookBody(long notificationId, String eventId, String type, UUID taskId, UUID enrollmentId,
                              String subjectId, String careTeam, String recipient, String subject, String message) {
    }

    /** Called outside any transaction; {@code secret} is the member's or the team's, looked up when claimed. */
    void send(Notification n, String secret) throws IOException, InterruptedException {
        if (secret == null) {
            throw new IOException("no webhook secret for " + n.recipient + " of " + n.careTeam
                    + ": set one on the member or the team");
        }
        String body = Json.MAPPER.writeValueAsString(new WebhookBody(n.id, n.eventId, n.eventType, n.taskId,
                n.enrollmentId, n.subjectId, n.careTeam, n.recipient, n.subject, n.message));
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(n.address))
                .timeout(config.webhookTimeout())
                .header("Content-Type", "application/json")
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("receiver answered HTTP " + response.statusCode());
        }
    }
}
