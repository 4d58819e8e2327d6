package org.trialclock.k8s;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What ManifestsTest demands of the manifests comes from ServiceSource's reading of application.properties, so
 * that reading is checked here on its own, without kubectl: the pods run the prod profile, and only settings
 * that exist in it must (and may) be set.
 */
class ServiceSourceTest {

    private static ServiceSource source(String properties) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(properties));
        return new ServiceSource("example", p, "", "");
    }

    @Test
    void aPlaceholderOnlyAnotherProfileUsesIsNotRequiredWhileAnUnprefixedOneIs() throws IOException {
        ServiceSource src = source("""
                quarkus.mailer.host=${SMTP_HOST:127.0.0.1}
                %dev.trialclock.routing.teams[0].webhook-secret=${DEV_ONLY_SECRET:local-dev-secret}
                %e2e.trialclock.clock.admin-token=${E2E_ONLY_TOKEN:e2e-only}
                %test.a=${TEST_ONLY}
                %prod.b=${PROD_ONLY}
                %dev,prod.c=${DEV_AND_PROD}
                d=${SHADOWED_BY_PROD}
                %prod.d=${PROD_WINS}
                """);

        assertThat(src.placeholders().keySet())
                .containsExactlyInAnyOrder("SMTP_HOST", "PROD_ONLY", "DEV_AND_PROD", "PROD_WINS");
        assertThat(src.reads("SMTP_HOST")).isTrue();
        assertThat(src.reads("DEV_ONLY_SECRET")).as("a %dev-only placeholder sets nothing in the pods").isFalse();
        assertThat(src.reads("E2E_ONLY_TOKEN")).isFalse();
        assertThat(src.reads("SHADOWED_BY_PROD")).as("%prod.d replaces d's value").isFalse();
        // The environment form of a key that exists only under %e2e is not a setting of the prod profile either.
        assertThat(src.reads("TRIALCLOCK_CLOCK_ADMIN_TOKEN")).isFalse();
        assertThat(src.reads("_E2E_TRIALCLOCK_CLOCK_ADMIN_TOKEN")).isFalse();
        assertThat(src.reads("B")).isTrue();
        assertThat(src.reads("_PROD_B")).isTrue();
        assertThat(src.reads("QUARKUS_MAILER_SSL")).as("no such key, and no quarkus-mailer in this pom").isFalse();
    }

    /** The same on the real notify-service, whose local team and admin token are %dev and %e2e only. */
    @Test
    void notifyServiceInProdNeedsTheSmtpSettingsButNotTheLocalTeamsSecretOrTheE2eToken() throws IOException {
        ServiceSource notify = ServiceSource.read("notify-service");
        assertThat(notify.placeholders().keySet())
                .contains("SMTP_HOST", "SMTP_PORT", "SMTP_FROM", "SMTP_USERNAME", "SMTP_PASSWORD", "SMTP_START_TLS")
                .doesNotContain("ZJU_HSCT_WEBHOOK_SECRET", "TRIALCLOCK_ADMIN_TOKEN");
        assertThat(notify.deployed()).doesNotContainKey("trialclock.routing.teams[0].id")
                .containsEntry("trialclock.clock.adjustable", "false");
    }

    /** The ACLs a KafkaUser must have follow from the channels: consumed topics and group, produced and DLQ topics. */
    @Test
    void kafkaAccessFollowsTheChannels() throws IOException {
        ServiceSource src = source("""
                mp.messaging.incoming.in.connector=smallrye-kafka
                mp.messaging.incoming.in.topic=orders
                mp.messaging.incoming.in.group.id=me
                mp.messaging.incoming.in.failure-strategy=dead-letter-queue
                mp.messaging.incoming.in.dead-letter-queue.topic=orders-dlq
                mp.messaging.incoming.plain.connector=smallrye-kafka
                mp.messaging.incoming.plain.group.id=me
                mp.messaging.outgoing.out.connector=smallrye-kafka
                mp.messaging.outgoing.out.topic=receipts
                mp.messaging.outgoing.memory.connector=smallrye-in-memory
                """);
        assertThat(src.kafkaAccess()).containsExactlyInAnyOrder("topic:orders:Read", "group:me:Read",
                "topic:orders-dlq:Write", "topic:plain:Read", "topic:receipts:Write");
    }
}
