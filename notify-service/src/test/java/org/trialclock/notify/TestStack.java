package org.trialclock.notify;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import org.trialclock.stack.FreshDatabaseResource;
import org.trialclock.stack.KafkaBrokerResource;

/**
 * Every Quarkus test of this module runs against a real Kafka broker (in this JVM) and a fresh PostgreSQL
 * database, started once for the whole test run.
 */
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FreshDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "prefix", value = "notify"))
public final class TestStack {
    private TestStack() {
    }
}
