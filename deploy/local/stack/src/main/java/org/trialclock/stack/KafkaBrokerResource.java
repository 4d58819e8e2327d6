package org.trialclock.stack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * Starts a real in-process KRaft broker for a Quarkus test run and points the application at it.
 * Tests that need an outage reach the broker through {@link #broker()}.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {
    private static volatile KafkaBroker broker;

    public static KafkaBroker broker() {
        return broker;
    }

    @Override
    public Map<String, String> start() {
        try {
            broker = KafkaBroker.start(Files.createTempDirectory("trialclock-kafka"), 0, 0);
            broker.createTopics(KafkaBroker.TOPICS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
            TempDirs.deleteQuietly(broker.dataDir());
            broker = null;
        }
    }
}
