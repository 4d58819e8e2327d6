package org.trialclock.stack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Starts a Quarkus test run trusting this JVM's test key ({@link Tokens#forThisJvm()}): the tests sign their
 * bearer tokens with its private half. The key is made for the run and never written; authentication itself is
 * the production code path, not switched off or replaced.
 */
public class TokenKeyResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.oidc.public-key", Tokens.forThisJvm().publicKeyBase64(),
                "quarkus.oidc.token.issuer", Tokens.ISSUER);
    }

    @Override
    public void stop() {
    }
}
