package org.trialclock.notify.routing;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.eclipse.microprofile.config.ConfigProvider;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Webhook signing secrets are stored encrypted (AES-256-GCM, a fresh 96-bit nonce each time), never in clear: a
 * copy of the database, a backup or a read-only SQL session does not give anyone the power to sign alerts. The key
 * is {@code trialclock.secrets.key} (base64 of 32 random bytes), from a Kubernetes Secret in production; the dev
 * and test profiles have fixed keys of their own. JDK crypto, no library: AES-GCM is the JDK's, and the format is
 * one line ({@code v1:} + base64 of nonce and ciphertext). A value without the {@code v1:} mark is one stored
 * before encryption; it is read as it is and encrypted when the team is next saved.
 */
@Converter
public class SealedSecret implements AttributeConverter<String, String> {
    private static final String MARK = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private volatile SecretKeySpec key;

    @Override
    public String convertToDatabaseColumn(String secret) {
        if (secret == null) {
            return null;
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return MARK + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a webhook secret", e);
        }
    }

    @Override
    public String convertToEntityAttribute(String stored) {
        if (stored == null || !stored.startsWith(MARK)) {
            return stored;
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(MARK.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a stored webhook secret cannot be decrypted with trialclock.secrets.key"
                    + " (was the key changed?)", e);
        }
    }

    private SecretKeySpec key() {
        SecretKeySpec k = key;
        if (k == null) {
            byte[] bytes = Base64.getDecoder().decode(ConfigProvider.getConfig()
                    .getValue("trialclock.secrets.key", String.class).trim());
            if (bytes.length != 32) {
                throw new IllegalStateException("trialclock.secrets.key must be base64 of 32 bytes (got "
                        + bytes.length + ")");
            }
            k = new SecretKeySpec(bytes, "AES");
            key = k;
        }
        return k;
    }
}
