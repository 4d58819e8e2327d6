package org.trialclock.system;

import org.trialclock.stack.TestCallers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rolling update drops no request: on SIGTERM the service reports not ready (503 on /q/health/ready) while it
 * still answers requests, for quarkus.shutdown.delay, so Kubernetes takes it out of its Service before it stops
 * listening. A schedule-service of its own (with its own database) is stopped here, not the shared one.
 */
@Order(90)
class ReadinessDownBeforeShutdownTest {
    private static Stack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = Stack.shared();
    }

    @Test
    void on_sigterm_readiness_goes_down_while_requests_are_still_served_then_the_process_ends() throws Exception {
        String database = stack.postgres.createFreshDatabase("schedule_shutdown");
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_PROFILE", "e2e");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", stack.postgres.jdbcUrl(database));
        env.put("QUARKUS_DATASOURCE_USERNAME", stack.postgres.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", stack.postgres.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.broker.bootstrapServers());
        env.put("OIDC_PUBLIC_KEY", org.trialclock.stack.Tokens.forThisJvm().publicKeyBase64()); // trusts the tests' tokens
        // The prod profile's 5 s, stretched so a 250 ms poll cannot miss the window on a busy machine.
        env.put("QUARKUS_SHUTDOWN_DELAY", "6s");
        ServiceProcess service = ServiceProcess.start("schedule-service-shutdown",
                Path.of(System.getProperty("trialclock.schedule.jar")), freePort(), env,
                Path.of(System.getProperty("trialclock.logs", "target/service-logs")));
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(service::ready);
            assertThat(status(service, "/protocols")).isEqualTo(200);

            service.terminate();

            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> status(service, "/q/health/ready") == 503);
            assertThat(status(service, "/protocols")).as("requests are still served while not ready").isEqualTo(200);
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).until(() -> !service.alive());
        } finally {
            service.close();
            stack.postgres.dropDatabase(database);
        }
    }

    /** The HTTP status of a GET, or -1 when nothing answers. */
    private static int status(ServiceProcess service, String path) throws InterruptedException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.url() + path))
                    .header("Authorization", TestCallers.defaultAuthorization()).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
