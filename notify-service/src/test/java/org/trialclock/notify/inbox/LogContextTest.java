package org.trialclock.notify.inbox;

import io.quarkus.test.junit.QuarkusTest;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;
import org.trialclock.events.EventTypes;
import org.trialclock.events.TaskPayload;
import org.trialclock.notify.TrialTasksTopic;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Observability of faults: whatever is logged while a consumed event is processed carries its CloudEvent id and
 * enrollment id in the log context (MDC), which prod's JSON log writes as fields. Here the log line is the warning
 * for an alert to a care team nobody configured.
 */
@QuarkusTest
class LogContextTest {

    @Test
    void a_line_logged_while_an_event_is_processed_names_the_cloud_event_and_the_enrollment() throws Exception {
        String team = "unconfigured-" + UUID.randomUUID();
        TaskPayload task = TrialTasksTopic.doseStepUp(team, LocalDate.now(), "DUE", 1);
        String eventId = UUID.randomUUID().toString();
        Map<String, String> context = new ConcurrentHashMap<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters());
                if (message.contains(eventId)) {
                    // logged on the consumer's thread, where the inbox set the context
                    context.put("cloudEventId", String.valueOf(MDC.get("cloudEventId")));
                    context.put("enrollmentId", String.valueOf(MDC.get("enrollmentId")));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger alerts = Logger.getLogger("org.trialclock.notify.channels.Alerts");
        alerts.addHandler(capture);
        try (TrialTasksTopic topic = new TrialTasksTopic()) {
            topic.send(eventId, EventTypes.TASK_DUE, task);
            await().atMost(Duration.ofSeconds(30)).until(() -> context.size() == 2);
        } finally {
            alerts.removeHandler(capture);
        }
        assertThat(context).containsEntry("cloudEventId", eventId).containsEntry("enrollmentId", task.enrollmentId());
    }
}
