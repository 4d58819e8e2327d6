package org.trialclock.stack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Signs the RS256 bearer tokens (claims {@code iss}, {@code sub}, {@code roles}, {@code teams}, {@code exp}) that
 * the services trust in the test, dev and e2e profiles, where no identity provider runs. Plain JDK crypto: a JWT
 * is three base64url parts and one RSA signature, and the tests, the system tests and the bench all need it
 * without pulling a JWT library into each.
 */
public final class Tokens {
    /** The issuer of local tokens; the services' non-production profiles expect it ({@code quarkus.oidc.token.issuer}). */
    public static final String ISSUER = "trialclock-local";
    public static final Duration WORKING_DAY = Duration.ofHours(8);

    // A test run's key pair is kept in system properties so that every class loader of the JVM (Quarkus tests
    // load classes more than once) signs with the one key the services were started with.
    private static final String PRIVATE_PROPERTY = "trialclock.test-tokens.private-key";
    private static final String PUBLIC_PROPERTY = "trialclock.test-tokens.public-key";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private Tokens(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** A fresh 2048-bit key pair, never written anywhere. */
    public static Tokens generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new Tokens(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This JVM's test key pair, made on first use (a test run's keys live only as long as the run). */
    public static synchronized Tokens forThisJvm() {
        String privateKey = System.getProperty(PRIVATE_PROPERTY);
        String publicKey = System.getProperty(PUBLIC_PROPERTY);
        if (privateKey == null || publicKey == null) {
            Tokens fresh = generate();
            System.setProperty(PRIVATE_PROPERTY, Base64.getEncoder().encodeToString(fresh.privateKey.getEncoded()));
            System.setProperty(PUBLIC_PROPERTY, fresh.publicKeyBase64());
            return fresh;
        }
        return fromBase64(privateKey, publicKey);
    }

    /** Keys as base64 DER (PKCS#8 private, X.509 public), or PEM files' contents (headers are skipped). */
    public static Tokens fromBase64(String privateKey, String publicKey) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            return new Tokens(rsa.generatePrivate(new PKCS8EncodedKeySpec(der(privateKey))),
                    rsa.generatePublic(new X509EncodedKeySpec(der(publicKey))));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA key pair", e);
        }
    }

    /** The public key as base64 DER, the form {@code quarkus.oidc.public-key} accepts. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    /** A token for {@code subject} with these roles and teams, valid for a working day. */
    public String mint(String subject, Collection<String> roles, Collection<String> teams) {
        return mint(subject, roles, teams, Instant.now(), WORKING_DAY);
    }

    public String mint(String subject, Collection<String> roles, Collection<String> teams, Instant issuedAt,
                       Duration validFor) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        long iat = issuedAt.getEpochSecond();
        String claims = "{\"iss\":" + json(ISSUER) + ",\"sub\":" + json(subject) + ",\"jti\":"
                + json(UUID.randomUUID().toString()) + ",\"iat\":" + iat + ",\"exp\":" + (iat + validFor.toSeconds())
                + ",\"roles\":" + json(roles) + ",\"teams\":" + json(teams) + "}";
        String signed = base64Url(header) + "." + base64Url(claims);
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(privateKey);
            rs256.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code java -cp stack.jar org.trialclock.stack.Tokens PRIVATE.pem PUBLIC.pem SUBJECT ROLE [TEAM...]} */
    public static void main(String[] args) throws java.io.IOException {
        if (args.length < 4) {
            System.err.println("usage: Tokens PRIVATE.pem PUBLIC.pem SUBJECT ROLE [TEAM...]");
            System.exit(2);
        }
        Tokens keys = fromBase64(java.nio.file.Files.readString(java.nio.file.Path.of(args[0])),
                java.nio.file.Files.readString(java.nio.file.Path.of(args[1])));
        System.out.println(keys.mint(args[2], List.of(args[3]), List.of(args).subList(4, args.length)));
    }

    private static byte[] der(String keyText) {
        String body = keyText.lines().filter(l -> !l.startsWith("-----")).collect(Collectors.joining()).strip();
        return Base64.getMimeDecoder().decode(body);
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String json(Collection<String> values) {
        return values.stream().map(Tokens::json).collect(Collectors.joining(",", "[", "]"));
    }

    private static String json(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
