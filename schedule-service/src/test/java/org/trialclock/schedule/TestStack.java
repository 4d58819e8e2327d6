package org.trialclock.schedule;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import org.trialclock.stack.FreshDatabaseResource;
import org.trialclock.stack.KafkaBrokerResource;
import org.trialclock.stack.TokenKeyResource;

/**
 * Every Quarkus test of this module runs against a real Kafka broker (in this JVM) and a fresh PostgreSQL
 * database, started once for the whole test run; it trusts the run's test signing key (TestCallers mints tokens).
 */
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TokenKeyResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FreshDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "prefix", value = "schedule"))
public final class TestStack {
    private TestStack() {
    }
}
