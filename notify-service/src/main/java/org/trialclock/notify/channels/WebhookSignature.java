package org.trialclock.notify.channels;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Standard Webhooks (standardwebhooks.com) headers of a post: {@code webhook-id} (the same on every attempt of one
 * notification, so a receiver drops a repeat), {@code webhook-timestamp} (epoch seconds) and
 * {@code webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>}. Signed by the specification's own Java
 * library, so any Standard Webhooks verifier accepts our posts. The key is the UTF-8 bytes of the team's or
 * member's secret as configured (a receiver using a Standard Webhooks library gives it {@code whsec_} followed by
 * the base64 of those bytes).
 */
public final class WebhookSignature {
    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";

    private WebhookSignature() {
    }

    /** The webhook-id of a notification: its delivery id, prefixed as the specification's examples do. */
    public static String id(UUID deliveryId) {
        return "msg_" + deliveryId;
    }

    public static String sign(String secret, String id, long timestamp, String body) {
        try {
            return new Webhook(secret.getBytes(StandardCharsets.UTF_8)).sign(id, timestamp, body);
        } catch (WebhookSigningException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
