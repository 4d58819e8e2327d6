package org.trialclock.stack;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;

/**
 * Installs {@link TestCallers}' default bearer token before each Quarkus test. Registered through
 * {@code META-INF/services/io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback}, so it runs in the test's
 * class loader, where the test's RestAssured lives.
 */
public class TestCallersCallback implements QuarkusTestBeforeEachCallback {
    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        TestCallers.installDefaultBearer();
    }
}
