package org.trialclock.notify.inbox;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.trialclock.events.Json;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Listens on {@link TeamStream#CHANNEL} with one connection of the pool held for the purpose, and hands each team
 * event to this replica's followers. pgjdbc has no push API: {@code getNotifications(timeout)} waits on the socket,
 * which is the driver's documented way to receive. A lost connection is opened again with a capped backoff, and
 * followers are told to reload (PostgreSQL does not keep notifications for a listener that was away).
 */
@ApplicationScoped
public class TeamEventListener {
    private static final Logger LOG = Logger.getLogger(TeamEventListener.class);
    private static final int WAIT_MILLIS = 500;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final AgroalDataSource dataSource;
    private final TeamStream stream;
    private volatile boolean running;
    private Thread thread;

    TeamEventListener(AgroalDataSource dataSource, TeamStream stream) {
        this.dataSource = dataSource;
        this.stream = stream;
    }

    void start(@Observes StartupEvent ignored) {
        running = true;
        thread = new Thread(this::listen, "team-event-listener");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(2 * WAIT_MILLIS + 1_000);
        }
    }

    private void listen() {
        Duration backoff = Duration.ofMillis(200);
        boolean lostBefore = false;
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + TeamStream.CHANNEL);
                }
                if (lostBefore) {
                    LOG.info("team event listener connected again; followers reload their inbox");
                    stream.resumed();
                }
                backoff = Duration.ofMillis(200);
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification n : notifications) {
                        deliver(n.getParameter());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                lostBefore = true;
                LOG.warnf("team event listener lost its connection (%s); trying again in %d ms", e.getMessage(),
                        backoff.toMillis());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private void deliver(String payload) {
        try {
            stream.deliver(Json.MAPPER.readValue(payload, TeamEvent.class));
        } catch (Exception e) {
            // One unreadable notification (another version's shape, say) must not stop the stream for everyone.
            LOG.warnf("team event not readable, skipped: %s", e.getMessage());
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
