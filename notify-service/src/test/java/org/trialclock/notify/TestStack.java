package org.trialclock.notify;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import org.trialclock.stack.FreshDatabaseResource;
import org.trialclock.stack.KafkaBrokerResource;
import org.trialclock.stack.TokenKeyResource;

/**
 * Every Quarkus test of this module runs against a real Kafka broker (in this JVM), a fresh PostgreSQL
 * database and a real SMTP server (GreenMail, in this JVM), started once for the whole test run.
 */
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TokenKeyResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FreshDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "prefix", value = "notify"))
@WithTestResource(value = GreenMailResource.class, scope = TestResourceScope.GLOBAL)
public final class TestStack {
    private TestStack() {
    }
}
