package org.trialclock.notify.channels;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.trialclock.notify.WebhookReceiver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.trialclock.notify.CareTeamFixture.member;
import static org.trialclock.notify.CareTeamFixture.newTeam;
import static org.trialclock.notify.channels.AlertDeliveryTest.notifications;

/**
 * One receiver that hangs until the sender's timeout (5 s in tests) and one that answers at once, in the same care
 * team: the fast one's alerts all go out while the slow one holds at most its share of senders, and a post that
 * timed out is UNCERTAIN and sent again with the same webhook-id, never recorded as a plain failure.
 */
@QuarkusTest
class CourierIsolationTest {
    private static final int TASKS = 6;

    @Inject
    Clock clock;
    @Inject
    DeliveryConfig config;

    @Test
    void a_hanging_webhook_holds_up_nobody_else_and_its_timed_out_posts_are_sent_again_with_the_same_id()
            throws Exception {
        try (WebhookReceiver slow = WebhookReceiver.hanging(); WebhookReceiver fast = new WebhookReceiver(0)) {
            String team = newTeam(null, List.of(member("slow", "PHYSICIAN", null, slow.url()),
                    member("fast", "NURSE", null, fast.url())));
            // as the consumer writes them for six due tasks: both members' alerts due at the same instant
            Instant due = clock.instant();
            List<String> tasks = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                UUID task = UUID.randomUUID();
                tasks.add(task.toString());
                QuarkusTransactionRows.insertPending(task, team, "slow", slow.url(), 0, due);
                QuarkusTransactionRows.insertPending(task, team, "fast", fast.url(), 0, due);
            }

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(of(tasks, "fast"))
                    .hasSize(TASKS).allSatisfy(n -> assertThat(n.get("state").asText()).isEqualTo("SENT")));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(of(tasks, "slow"))
                    .anySatisfy(n -> assertThat(n.get("state").asText()).isEqualTo("UNCERTAIN")));

            // every fast alert was delivered before the slow receiver's first post had even timed out
            Instant lastFast = of(tasks, "fast").stream().map(n -> Instant.parse(n.get("deliveredAt").asText()))
                    .max(Instant::compareTo).orElseThrow();
            Instant firstSlowOutcome = of(tasks, "slow").stream().filter(n -> n.get("attemptLog").size() > 0)
                    .map(n -> Instant.parse(n.get("attemptLog").get(0).get("at").asText()))
                    .min(Instant::compareTo).orElseThrow();
            System.out.printf("courier isolation: %d fast alerts all delivered %d ms after due; the hanging receiver's"
                    + " first post timed out %d ms after due%n", TASKS, Duration.between(due, lastFast).toMillis(),
                    Duration.between(due, firstSlowOutcome).toMillis());
            assertThat(lastFast).isBefore(firstSlowOutcome);
            // and the slow one got its posts a few at a time: the next only when a hanging one had timed out
            List<Instant> arrivals = slow.posts().stream().map(WebhookReceiver.Post::receivedAt).sorted().toList();
            assertThat(arrivals).hasSizeGreaterThan(config.perDestination());
            assertThat(Duration.between(arrivals.get(0), arrivals.get(config.perDestination())))
                    .isGreaterThan(config.webhookTimeout().minusSeconds(1));

            slow.recover();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(of(tasks, "slow"))
                    .hasSize(TASKS).allSatisfy(n -> assertThat(n.get("state").asText()).isEqualTo("SENT")));
            for (JsonNode n : of(tasks, "slow")) {
                String webhookId = "msg_" + n.get("deliveryId").asText();
                List<WebhookReceiver.Post> copies = slow.posts().stream().filter(p -> p.id().equals(webhookId)).toList();
                assertThat(copies).as("posts of notification %s", n.get("id")).isNotEmpty();
                assertThat(copies.get(copies.size() - 1).answeredWith()).isEqualTo(204);
                if (copies.size() > 1) {
                    // the first went unanswered: it may have arrived, so the repeat carries the same id
                    assertThat(copies.get(0).answeredWith()).isEqualTo(-1);
                    assertThat(n.get("attemptLog").get(0).get("detail").asText()).contains("may have been delivered");
                }
            }
            assertThat(slow.posts()).filteredOn(p -> p.answeredWith() == -1).isNotEmpty();
        }
    }

    private static List<JsonNode> of(List<String> tasks, String recipient) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (String task : tasks) {
            notifications(task).stream().filter(n -> n.get("recipient").asText().equals(recipient)).forEach(found::add);
        }
        return found;
    }
}
