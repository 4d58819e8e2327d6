package org.trialclock.notify.channels;

import jakarta.enterprise.context.ApplicationScoped;
import org.trialclock.events.Json;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.UUID;

/**
 * A signed JSON post to the member's webhook URL, with the Standard Webhooks headers (see {@link WebhookSignature}).
 * A 2xx answer delivers it. No connection, or any other answer, is a failed attempt. A connection that got no
 * answer, within the timeout or before it broke, is an {@link UncertainSend}: the receiver may have acted on it.
 */
@ApplicationScoped
class WebhookChannel {
    private final HttpClient http;
    private final DeliveryConfig config;
    // the receiver checks webhook-timestamp against its own real clock to refuse replays: the service's clock,
    // moved forward in tests and demos, would make every post look forged, so this one is the real one
    private final Clock wallClock = Clock.systemUTC();

    WebhookChannel(DeliveryConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.webhookTimeout()).build();
    }

    /** The body a receiver gets; {@code notificationId} (and the webhook-id header) lets it drop a repeat. */
    public record WebhookBody(long notificationId, String eventId, String type, UUID taskId, UUID enrollmentId,
                              String subjectId, String careTeam, String recipient, String subject, String message) {
    }

    /** Called outside any transaction; {@code secret} is the member's or the team's, looked up when claimed. */
    void send(Notification n, String secret) throws IOException, InterruptedException, UncertainSend {
        if (secret == null) {
            throw new IOException("no webhook secret for " + n.recipient + " of " + n.careTeam
                    + ": set one on the member or the team");
        }
        String body = Json.MAPPER.writeValueAsString(new WebhookBody(n.id, n.eventId, n.eventType, n.taskId,
                n.enrollmentId, n.subjectId, n.careTeam, n.recipient, n.subject, n.message));
        String id = WebhookSignature.id(n.deliveryId);
        long timestamp = wallClock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(n.address))
                .timeout(config.webhookTimeout())
                .header("Content-Type", "application/json")
                .header(WebhookSignature.ID_HEADER, id)
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw e; // never connected: nothing was sent
        } catch (HttpTimeoutException e) {
            throw new UncertainSend("no answer within " + config.webhookTimeout() + ": may have been delivered", e);
        } catch (IOException e) {
            // connected, then the connection broke before an answer: the post may have been read and acted on
            throw new UncertainSend("connection lost before an answer (" + e.getMessage()
                    + "): may have been delivered", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("receiver answered HTTP " + response.statusCode());
        }
    }
}
