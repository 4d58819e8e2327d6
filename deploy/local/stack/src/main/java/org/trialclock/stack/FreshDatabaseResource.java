package org.trialclock.stack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * A fresh PostgreSQL database for one Quarkus test run, dropped afterwards. Init arg {@code prefix} names it
 * after the service (e.g. {@code schedule_test_1a2b...}).
 */
public class FreshDatabaseResource implements QuarkusTestResourceLifecycleManager {
    private final LocalPostgres postgres = LocalPostgres.fromEnvironment();
    private String prefix = "trialclock";
    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        prefix = initArgs.getOrDefault("prefix", prefix);
    }

    @Override
    public Map<String, String> start() {
        database = postgres.createFreshDatabase(prefix);
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(database),
                "quarkus.datasource.username", postgres.user(),
                "quarkus.datasource.password", postgres.password());
    }

    @Override
    public void stop() {
        if (database != null) {
            postgres.dropDatabase(database);
        }
    }
}
