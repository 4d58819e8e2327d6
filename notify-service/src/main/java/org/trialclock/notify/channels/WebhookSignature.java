package org.trialclock.notify.channels;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The signature of a webhook post: HMAC-SHA256 with the shared secret over {@code timestamp + "." + body}, sent as
 * {@code X-TrialClock-Signature: v1=<hex>} next to {@code X-TrialClock-Timestamp} (epoch seconds). Signing the
 * timestamp lets a receiver refuse old posts replayed by someone who captured one.
 */
public final class WebhookSignature {
    public static final String TIMESTAMP_HEADER = "X-TrialClock-Timestamp";
    public static final String SIGNATURE_HEADER = "X-TrialClock-Signature";
    public static final String VERSION = "v1=";

    private WebhookSignature() {
    }

    public static String sign(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return VERSION + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
