package org.trialclock.stack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The machine's PostgreSQL server, as deploy/local/test.sh prepares it. Where it is comes from the usual
 * libpq variables ({@code PGHOST}, {@code PGPORT}, {@code PGUSER}, {@code PGPASSWORD}), or the system properties
 * {@code trialclock.pg.host/port/user/password}, else 127.0.0.1:5432 as user {@code trialclock}.
 */
public record LocalPostgres(String host, int port, String user, String password) {

    public static LocalPostgres fromEnvironment() {
        return new LocalPostgres(
                setting("trialclock.pg.host", "PGHOST", "127.0.0.1"),
                Integer.parseInt(setting("trialclock.pg.port", "PGPORT", "5432")),
                setting("trialclock.pg.user", "PGUSER", "trialclock"),
                setting("trialclock.pg.password", "PGPASSWORD", "trialclock"));
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** Creates a new, empty database whose name starts with {@code prefix}; returns its name. */
    public String createFreshDatabase(String prefix) {
        String name = (prefix + "_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
                .toLowerCase(Locale.ROOT);
        execute("CREATE DATABASE " + name);
        return name;
    }

    public void dropDatabase(String name) {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void execute(String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user, password);
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + host + ":" + port + " as " + user
                    + " refused '" + sql + "' (run deploy/local/test.sh, which prepares the server): " + e.getMessage(), e);
        }
    }

    private static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
