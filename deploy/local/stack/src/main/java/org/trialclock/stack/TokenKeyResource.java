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
        // The variable the services' configuration reads the key from (not quarkus.oidc.public-key itself), so a
        // test profile can still switch to a provider (the pages' code-flow sign-in test does).
        return Map.of("OIDC_PUBLIC_KEY", Tokens.forThisJvm().publicKeyBase64());
    }

    @Override
    public void stop() {
    }
}
