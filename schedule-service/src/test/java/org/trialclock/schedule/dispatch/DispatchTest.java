package org.trialclock.schedule.dispatch;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.trialclock.events.EventTypes;
import org.trialclock.outbox.OversizedEvent;
import org.trialclock.schedule.enrollment.Coordinator;
import org.trialclock.schedule.enrollment.PublishedTasks;
import org.trialclock.schedule.time.AdjustableClock;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The dispatcher is driven by hand here (trialclock.dispatch.enabled=false in %test) with the clock moved. */
@QuarkusTest
class DispatchTest {
    private static final LocalTime EIGHT = LocalTime.of(8, 0);

    @Inject
    AdjustableClock clock;
    @Inject
    Dispatcher dispatcher;
    @Inject
    EntityManager em;

    @AfterEach
    void backToToday() {
        clock.reset();
    }

    private void dispatchAt(Instant instant) {
        clock.set(instant);
        while (dispatcher.dispatchBatch() > 0) {
            // until nothing more is due at this instant
        }
    }

    private static String enrollDli(String timezone, LocalDate hsct) {
        return Coordinator.enroll(Coordinator.dliEnrollment(Coordinator.subject(), hsct)
                .replace("Asia/Shanghai", timezone));
    }

    private static List<String> typesOf(PublishedTasks published, String enrollmentId, String taskId) {
        return published.of(enrollmentId).stream().filter(p -> taskId.equals(p.payload().path("id").asText()))
                .map(PublishedTasks.Published::type).toList();
    }

    @Test
    void a_dli_is_reminded_seven_days_before_due_at_eight_and_overdue_when_its_window_closes_each_once() {
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        // "DLI dosage:Administered at day 120 post-HSCT": enrolled ">= 2 months post-transplant" (61 days), the
        // DLI is 59 days ahead.
        LocalDate hsct = Coordinator.today().minusDays(61);
        String enrollmentId = enrollDli("Asia/Shanghai", hsct);
        Map<String, Object> c1 = Coordinator.task(enrollmentId, "DLI", null);
        String taskId = (String) c1.get("id");
        LocalDate due = LocalDate.parse((String) c1.get("dueDate"));
        LocalDate windowEnd = LocalDate.parse((String) c1.get("windowEnd"));
        assertThat(due).isEqualTo(hsct.plusDays(120));

        try (PublishedTasks published = new PublishedTasks()) {
            dispatchAt(due.minusDays(7).atTime(EIGHT).atZone(shanghai).toInstant().minusSeconds(1));
            dispatchAt(due.minusDays(7).atTime(EIGHT).atZone(shanghai).toInstant());
            dispatchAt(due.minusDays(7).atTime(EIGHT).atZone(shanghai).toInstant().plusSeconds(60));
            await().untilAsserted(() -> assertThat(typesOf(published, enrollmentId, taskId))
                    .containsExactly(EventTypes.TASK_SCHEDULED, EventTypes.TASK_REMINDER));

            dispatchAt(due.atTime(EIGHT).atZone(shanghai).toInstant().minusSeconds(1));
            dispatchAt(due.atTime(EIGHT).atZone(shanghai).toInstant());
            await().untilAsserted(() -> assertThat(typesOf(published, enrollmentId, taskId))
                    .containsExactly(EventTypes.TASK_SCHEDULED, EventTypes.TASK_REMINDER, EventTypes.TASK_DUE));
            assertThat(Coordinator.task(enrollmentId, "DLI", null).get("status")).isEqualTo("DUE");

            // The window is inclusive: still not overdue on its last day, overdue when the next day begins.
            dispatchAt(windowEnd.atTime(23, 59).atZone(shanghai).toInstant());
            dispatchAt(windowEnd.plusDays(1).atStartOfDay(shanghai).toInstant());
            dispatchAt(windowEnd.plusDays(3).atStartOfDay(shanghai).toInstant());
            await().untilAsserted(() -> assertThat(typesOf(published, enrollmentId, taskId)).containsExactly(
                    EventTypes.TASK_SCHEDULED, EventTypes.TASK_REMINDER, EventTypes.TASK_DUE, EventTypes.TASK_OVERDUE));
            assertThat(Coordinator.task(enrollmentId, "DLI", null).get("status")).isEqualTo("OVERDUE");
        }
    }

    @Test
    void sites_in_shanghai_and_chicago_are_told_at_their_own_eight_oclock_across_a_daylight_saving_change() {
        // Cycle 3 day 1 on 2027-03-16 for both sites (transplant 2026-07-18, cycle 1 on day 60 = 2026-09-16, then
        // every 3 months): Chicago springs forward on 2027-03-14, between reminder and due.
        LocalDate hsct = LocalDate.of(2026, 7, 18);
        String chicago = enrollDli("America/Chicago", hsct);
        String shanghai = enrollDli("Asia/Shanghai", hsct);
        String chicagoC1 = (String) Coordinator.task(chicago, "CYCLE_START", 3).get("id");
        String shanghaiC1 = (String) Coordinator.task(shanghai, "CYCLE_START", 3).get("id");

        try (PublishedTasks published = new PublishedTasks()) {
            // Reminder 2027-03-09 08:00: Shanghai (UTC+8) at 00:00Z; Chicago still on CST (UTC-6) at 14:00Z.
            dispatchAt(Instant.parse("2027-03-09T00:00:00Z"));
            dispatchAt(Instant.parse("2027-03-09T13:59:59Z"));
            await().untilAsserted(() -> assertThat(typesOf(published, shanghai, shanghaiC1)).contains(EventTypes.TASK_REMINDER));
            assertThat(typesOf(published, chicago, chicagoC1)).doesNotContain(EventTypes.TASK_REMINDER);
            dispatchAt(Instant.parse("2027-03-09T14:00:00Z"));
            await().untilAsserted(() -> assertThat(typesOf(published, chicago, chicagoC1)).contains(EventTypes.TASK_REMINDER));

            // Due 2027-03-16 08:00: Chicago now on CDT (UTC-5), so 13:00Z, an hour earlier in UTC than before.
            dispatchAt(Instant.parse("2027-03-16T00:00:00Z"));
            dispatchAt(Instant.parse("2027-03-16T12:59:59Z"));
            await().untilAsserted(() -> assertThat(typesOf(published, shanghai, shanghaiC1)).contains(EventTypes.TASK_DUE));
            assertThat(typesOf(published, chicago, chicagoC1)).doesNotContain(EventTypes.TASK_DUE);
            dispatchAt(Instant.parse("2027-03-16T13:00:00Z"));
            await().untilAsserted(() -> assertThat(typesOf(published, chicago, chicagoC1)).contains(EventTypes.TASK_DUE));
        }
    }

    @Test
    void two_thousand_tasks_due_together_under_two_dispatchers_each_produce_exactly_one_due_event() throws Exception {
        // An enrollment with nothing of its own due now (no transplant date yet), so only the 2,000 rows are due.
        String enrollmentId = Coordinator.enroll("""
                {"subjectId":"%s","protocolId":"BLINA-PRE-HSCT-RCT","arm":"DIRECT_HSCT","siteId":"zju",
                 "careTeam":"zju-hsct","timezone":"Asia/Shanghai","anchors":{"RANDOMIZATION":"%s"}}"""
                .formatted(Coordinator.subject(), Coordinator.today()));
        Instant now = clock.instant();
        LocalDate today = Coordinator.today();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                INSERT INTO task (id, enrollment_id, task_key, activity, kind, title, due_date, window_start, window_end,
                                  status, reminder_days, version, next_transition, next_at)
                SELECT gen_random_uuid(), CAST(:e AS uuid), 'load.' || n, 'load', 'LAB_CHECK', 'Blood count ' || n,
                       :today, :today, :today, 'PLANNED', 0, 1, 'DUE', :now
                FROM generate_series(1, 2000) AS n""")
                .setParameter("e", enrollmentId).setParameter("today", today).setParameter("now", now)
                .executeUpdate());

        // Two dispatchers in their own threads, each batch in its own transaction on its own connection.
        Callable<Integer> dispatcherLoop = () -> {
            int moved = 0;
            for (int n; (n = dispatcher.dispatchBatch()) > 0; ) {
                moved += n;
            }
            return moved;
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Integer>> runs = new ArrayList<>();
        try {
            runs.add(pool.submit(dispatcherLoop));
            runs.add(pool.submit(dispatcherLoop));
            int moved = runs.get(0).get() + runs.get(1).get();
            assertThat(moved).isGreaterThanOrEqualTo(2000);
        } finally {
            pool.shutdown();
        }

        try (PublishedTasks published = new PublishedTasks()) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(published.of(enrollmentId, EventTypes.TASK_DUE)).hasSizeGreaterThanOrEqualTo(2000));
            List<String> dueTaskIds = published.of(enrollmentId, EventTypes.TASK_DUE).stream()
                    .map(p -> p.payload().path("id").asText()).toList();
            assertThat(dueTaskIds).hasSize(2000).doesNotHaveDuplicates();
        }
        long stillDue = ((Number) em.createNativeQuery(
                "SELECT count(*) FROM task WHERE enrollment_id = CAST(:e AS uuid) AND task_key LIKE 'load.%' AND status = 'DUE'")
                .setParameter("e", enrollmentId).getSingleResult()).longValue();
        assertThat(stillDue).isEqualTo(2000);
        // each transition audited once, by the system, in the batch's one INSERT
        Object[] audited = (Object[]) em.createNativeQuery("""
                SELECT count(*), count(DISTINCT a.task_id), count(*) FILTER (WHERE a.actor = 'system')
                FROM audit_entry a JOIN task t ON t.id = a.task_id
                WHERE a.enrollment_id = CAST(:e AS uuid) AND a.action = 'TASK_DUE' AND t.task_key LIKE 'load.%'""")
                .setParameter("e", enrollmentId).getSingleResult();
        assertThat(audited).extracting(n -> ((Number) n).longValue()).containsExactly(2000L, 2000L, 2000L);
        assertThat(UUID.fromString(enrollmentId)).isNotNull();
    }

    @Test
    void a_batch_that_fails_midway_moves_no_task_and_writes_no_event_and_the_retry_dispatches_each_task_once() {
        String enrollmentId = Coordinator.enroll("""
                {"subjectId":"%s","protocolId":"BLINA-PRE-HSCT-RCT","arm":"DIRECT_HSCT","siteId":"zju",
                 "careTeam":"zju-hsct","timezone":"Asia/Shanghai","anchors":{"RANDOMIZATION":"%s"}}"""
                .formatted(Coordinator.subject(), Coordinator.today()));
        Instant now = clock.instant();
        LocalDate today = Coordinator.today();
        // 300 tasks due in one batch; the 150th one's event is larger than the outbox accepts, so the batch's
        // multi-row outbox INSERT is refused after its task UPDATE already ran.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                INSERT INTO task (id, enrollment_id, task_key, activity, kind, title, due_date, window_start, window_end,
                                  status, reminder_days, version, next_transition, next_at)
                SELECT gen_random_uuid(), CAST(:e AS uuid), 'midway.' || n, 'load', 'LAB_CHECK',
                       CASE WHEN n = 150 THEN repeat('x', 300000) ELSE 'Blood count ' || n END,
                       :today, :today, :today, 'PLANNED', 0, 1, 'DUE', :now
                FROM generate_series(1, 300) AS n""")
                .setParameter("e", enrollmentId).setParameter("today", today).setParameter("now", now)
                .executeUpdate());

        clock.set(now);
        assertThatThrownBy(dispatcher::dispatchBatch).satisfies(failure ->
                assertThat(causes(failure)).anyMatch(OversizedEvent.class::isInstance));
        assertThat(count("SELECT count(*) FROM task WHERE enrollment_id = CAST(:e AS uuid) AND status = 'PLANNED'"
                + " AND next_transition = 'DUE'", enrollmentId)).isEqualTo(300);
        assertThat(count("SELECT count(*) FROM outbox WHERE event_key = :e AND type = 'trialclock.task.due'", enrollmentId)).isZero();

        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE task SET title = 'Blood count 150' WHERE enrollment_id = CAST(:e AS uuid) AND task_key = 'midway.150'")
                .setParameter("e", enrollmentId).executeUpdate());
        try (PublishedTasks published = new PublishedTasks()) {
            dispatchAt(now);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(published.of(enrollmentId, EventTypes.TASK_DUE)).hasSizeGreaterThanOrEqualTo(300));
            assertThat(published.of(enrollmentId, EventTypes.TASK_DUE).stream()
                    .map(p -> p.payload().path("id").asText()).toList()).hasSize(300).doesNotHaveDuplicates();
        }
        assertThat(count("SELECT count(*) FROM task WHERE enrollment_id = CAST(:e AS uuid) AND status = 'DUE'"
                + " AND version = 2", enrollmentId)).isEqualTo(300);
        assertThat(count("SELECT count(*) FROM outbox WHERE event_key = :e AND type = 'trialclock.task.due'", enrollmentId)).isEqualTo(300);
    }

    private long count(String sql, String enrollmentId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(sql)
                .setParameter("e", enrollmentId).getSingleResult()).longValue());
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
