package org.trialclock.notify.calendar;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * A person's secret address for a care team's calendar feed. The secret is shown once, when issued; only its
 * SHA-256 is stored, so a copy of the database does not open anyone's feed.
 */
@Entity
@Table(name = "calendar_feed_token")
public class FeedToken extends PanacheEntityBase {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Id
    public UUID id;
    public String tokenSha256;
    public String teamId;
    public String owner;
    public Instant createdAt;
    public Instant revokedAt;

    /** A new token and its secret (256 random bits, URL-safe). */
    record Issued(FeedToken token, String secret) {}

    static Issued issue(String teamId, String owner, Instant now) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        FeedToken token = new FeedToken();
        token.id = UUID.randomUUID();
        token.tokenSha256 = sha256(secret);
        token.teamId = teamId;
        token.owner = owner;
        token.createdAt = now;
        token.persist();
        return new Issued(token, secret);
    }

    /** The live token with this secret for this team; a revoked or another team's token is none. */
    static Optional<FeedToken> valid(String teamId, String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        return find("tokenSha256 = ?1 and teamId = ?2 and revokedAt is null", sha256(secret), teamId)
                .firstResultOptional();
    }

    static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
