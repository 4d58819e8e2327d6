package org.trialclock.schedule.audit;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit trail cannot be edited by the service itself: connected as the service's own role (the application's
 * datasource, the same role that ran Flyway and owns the table), UPDATE, DELETE and TRUNCATE are refused.
 */
@QuarkusTest
class AppendOnlyTest {
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void oneRow() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("""
                    INSERT INTO audit_entry (at, actor, action, request_id, after)
                    VALUES (now(), 'test', 'ENROLLED', 'append-only-test', '{"x":1}')""");
        }
    }

    @Test
    void the_services_role_may_insert_and_select_audit_rows() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM audit_entry WHERE request_id = 'append-only-test'")) {
            rs.next();
            assertThat(rs.getLong(1)).isPositive();
        }
    }

    @Test
    void the_services_role_may_not_update_delete_or_truncate_audit_rows() throws SQLException {
        for (String sql : new String[]{
                "UPDATE audit_entry SET actor = 'someone-else' WHERE request_id = 'append-only-test'",
                "DELETE FROM audit_entry WHERE request_id = 'append-only-test'",
                "TRUNCATE audit_entry"}) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.executeUpdate(sql)).as(sql).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(INSUFFICIENT_PRIVILEGE));
            }
        }
        assertThat(rows()).isPositive();
    }

    /** The owner can grant itself the privileges back; the triggers still refuse (the second layer). */
    @Test
    void even_with_the_privileges_granted_back_the_triggers_refuse_every_edit() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                s.execute("GRANT UPDATE, DELETE, TRUNCATE ON audit_entry TO CURRENT_USER");
                for (String sql : new String[]{
                        "UPDATE audit_entry SET actor = 'someone-else' WHERE request_id = 'append-only-test'",
                        "DELETE FROM audit_entry WHERE request_id = 'append-only-test'",
                        "TRUNCATE audit_entry"}) {
                    s.execute("SAVEPOINT attempt");
                    assertThatThrownBy(() -> s.executeUpdate(sql)).as(sql)
                            .hasMessageContaining("audit_entry is append-only");
                    s.execute("ROLLBACK TO SAVEPOINT attempt");
                }
            } finally {
                c.rollback(); // the grant goes with it
                c.setAutoCommit(true);
            }
        }
        assertThat(rows()).isPositive();
    }

    private long rows() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM audit_entry WHERE request_id = 'append-only-test'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
