package org.trialclock.system;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trialclock.stack.KafkaBroker;
import org.trialclock.stack.LocalPostgres;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The walking skeleton end to end, with nothing simulated: both services' jars as processes, a real KRaft
 * broker, real PostgreSQL (a fresh database per service). A coordinator enrolls a patient at schedule-service;
 * the care team sees the tasks in notify-service's inbox.
 */
class EnrollmentToInboxTest {
    private static final LocalPostgres POSTGRES = LocalPostgres.fromEnvironment();
    private static KafkaBroker broker;
    private static String scheduleDb;
    private static String notifyDb;
    private static ServiceProcess schedule;
    private static ServiceProcess notify;

    @BeforeAll
    static void startStack() throws Exception {
        broker = KafkaBroker.start(Files.createTempDirectory("trialclock-system-kafka"), 0, 0);
        broker.createTopics(KafkaBroker.TOPICS);
        scheduleDb = POSTGRES.createFreshDatabase("schedule_system");
        notifyDb = POSTGRES.createFreshDatabase("notify_system");
        Path logs = Path.of(System.getProperty("trialclock.logs", "target/service-logs"));
        schedule = ServiceProcess.start("schedule-service", Path.of(System.getProperty("trialclock.schedule.jar")),
                freePort(), env(scheduleDb), logs);
        notify = ServiceProcess.start("notify-service", Path.of(System.getProperty("trialclock.notify.jar")),
                freePort(), env(notifyDb), logs);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> schedule.ready() && notify.ready());
    }

    @AfterAll
    static void stopStack() throws Exception {
        for (AutoCloseable c : new AutoCloseable[]{schedule, notify, broker}) {
            if (c != null) {
                c.close();
            }
        }
        if (scheduleDb != null) {
            POSTGRES.dropDatabase(scheduleDb);
        }
        if (notifyDb != null) {
            POSTGRES.dropDatabase(notifyDb);
        }
    }

    @Test
    void an_enrolled_patients_tasks_reach_the_care_teams_inbox_within_five_seconds() {
        String team = "zju-hsct-" + UUID.randomUUID().toString().substring(0, 8);
        // A transplant 40 days ago: cycle 1 (day 60) is 20 days away, the DLI (day 120) 80 days away.
        LocalDate hsct = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(40);
        String body = """
                {"subjectId":"ZJU-0001","protocolId":"NCT07105579","arm":"BITE_DLI","siteId":"zju","careTeam":"%s",
                 "timezone":"Asia/Shanghai","anchors":{"HSCT":"%s"},"weightKg":62.5}""".formatted(team, hsct);
        List<String> taskIds = given().baseUri(schedule.url()).contentType(ContentType.JSON).body(body)
                .post("/enrollments").then().statusCode(201).extract().jsonPath().getList("tasks.id");
        assertThat(taskIds).isNotEmpty();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            var inbox = given().baseUri(notify.url()).get("/teams/" + team + "/inbox").then().statusCode(200)
                    .extract().jsonPath();
            List<String> shown = new java.util.ArrayList<>();
            for (String section : List.of("overdue", "due", "upcoming", "onHold", "later")) {
                shown.addAll(inbox.getList(section + ".id"));
            }
            assertThat(shown).isNotEmpty().isSubsetOf(taskIds);
            assertThat(inbox.getList("later.dueDate", String.class)).contains(hsct.plusDays(60).toString(),
                    hsct.plusDays(120).toString());
        });
    }

    private static Map<String, String> env(String database) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", POSTGRES.jdbcUrl(database));
        env.put("QUARKUS_DATASOURCE_USERNAME", POSTGRES.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", POSTGRES.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        return env;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
