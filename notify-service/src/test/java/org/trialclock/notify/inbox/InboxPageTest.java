package org.trialclock.notify.inbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.trialclock.stack.Browser;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.trialclock.events.EventTypes;
import org.trialclock.events.TaskPayload;
import org.trialclock.notify.TrialTasksTopic;
import org.trialclock.notify.completion.Completion;

import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.trialclock.notify.CareTeamFixture.member;
import static org.trialclock.notify.CareTeamFixture.newTeam;

/** A nurse at the inbox page, in a real browser: urgent first, the site's dates, results by task kind, live. */
@QuarkusTest
class InboxPageTest {
    private static ChromeDriver browser;

    @TestHTTPResource("/")
    URL base;

    @Inject
    Clock clock;

    @BeforeAll
    static void startBrowser() throws Exception {
        assumeThat(Browser.installed()).as("chromium and chromedriver installed (deploy/local/test.sh)").isTrue();
        browser = Browser.start();
    }

    @org.junit.jupiter.api.AfterEach
    void saveScreenshot(org.junit.jupiter.api.TestInfo test) throws Exception {
        if (browser != null) {
            Browser.screenshot(browser, getClass().getSimpleName() + "-" + test.getTestMethod().orElseThrow().getName());
        }
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private void open(String path) {
        Browser.open(browser, base, path);
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    /** A zone whose date today is not UTC's, so a page defaulting to the UTC date would show the wrong day. */
    private ZoneId zoneAwayFromUtcDate() {
        LocalDate utc = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        for (String id : List.of("Pacific/Kiritimati", "Pacific/Pago_Pago")) {
            if (!LocalDate.now(clock.withZone(ZoneId.of(id))).equals(utc)) {
                return ZoneId.of(id);
            }
        }
        throw new IllegalStateException("Kiritimati (UTC+14) and Pago Pago (UTC-11) cannot both share UTC's date");
    }

    @Test
    void overdue_first_with_the_site_s_date_and_due_time_and_a_marrow_result_recorded_with_its_method() throws Exception {
        String team = newTeam(null, List.of(member("nurse-li", "NURSE", "nurse-" + UUID.randomUUID() + "@zju.test", null)));
        ZoneId zone = zoneAwayFromUtcDate();
        LocalDate siteToday = LocalDate.now(clock.withZone(zone));
        TaskPayload late = at(zone, TrialTasksTopic.doseStepUp(team, siteToday.minusDays(3), "OVERDUE", 3));
        TaskPayload marrow = marrow(at(zone, TrialTasksTopic.doseStepUp(team, siteToday, "DUE", 2)));
        try (TrialTasksTopic topic = new TrialTasksTopic()) {
            topic.send(UUID.randomUUID().toString(), EventTypes.TASK_OVERDUE, late);
            topic.send(UUID.randomUUID().toString(), EventTypes.TASK_DUE, marrow);
        }
        await().untilAsserted(() -> given().get("/teams/" + team + "/inbox").then()
                .body(containsString(late.id())).body(containsString(marrow.id())));

        open("/?team=" + team);
        // the page loads the team's sections with the signed-in token once it is open
        waiting().until(d -> !d.findElements(By.cssSelector("#sections section h2")).isEmpty());
        List<String> sections = browser.findElements(By.cssSelector("#sections section h2")).stream()
                .map(WebElement::getText).toList();
        assertThat(sections.get(0)).startsWith("Overdue (1)");
        assertThat(sections.get(1)).startsWith("Due now (1)");
        WebElement lateTask = browser.findElement(By.cssSelector("li[data-task='" + late.id() + "']"));
        assertThat(lateTask.findElement(By.className("late")).getText()).isEqualTo("3 days late");
        assertThat(lateTask.findElement(By.className("due")).getText())
                .contains("08:00").contains(zone.getId()).contains(String.valueOf(siteToday.minusDays(3).getDayOfMonth()));
        assertThat(lateTask.findElement(By.className("dose")).getText()).contains("28 ug/day");
        assertThat(Browser.lowContrast(browser)).as("text below WCAG AA contrast").isEmpty();

        java.util.function.Supplier<WebElement> marrowTask =
                () -> browser.findElement(By.cssSelector("li[data-task='" + marrow.id() + "']"));
        assertThat(marrowTask.get().findElement(By.name("completedOn")).getAttribute("value"))
                .as("the completion date defaults to today at the site, not in UTC").isEqualTo(siteToday.toString());
        assertThat(lateTask.findElements(By.name("mrdPercent"))).as("MRD fields only on a marrow task").isEmpty();
        WebElement percent = marrowTask.get().findElement(By.name("mrdPercent"));
        assertThat(browser.findElement(By.cssSelector("label[for='" + percent.getAttribute("id") + "']")).getText())
                .isEqualTo("MRD %");

        percent.sendKeys("0.5");
        marrowTask.get().findElement(By.cssSelector("button.done")).click();
        WebElement methodError = marrowTask.get().findElement(By.cssSelector("[data-field='result.method'] .field-error"));
        waiting().until(d -> !methodError.getText().isBlank());
        assertThat(methodError.getText()).contains("method");
        assertThat(Completion.count("taskId", UUID.fromString(marrow.id()))).as("a refusal records nothing").isZero();

        new Select(marrowTask.get().findElement(By.name("method"))).selectByValue("FLOW");
        marrowTask.get().findElement(By.cssSelector("button.done")).click();
        await().until(() -> QuarkusTransaction.requiringNew()
                .call(() -> Completion.count("taskId", UUID.fromString(marrow.id()))) == 1);
    }

    @Test
    void a_task_another_event_brings_appears_without_a_reload() throws Exception {
        String team = newTeam(null, List.of(member("nurse-li", "NURSE", "nurse-" + UUID.randomUUID() + "@zju.test", null)));
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Shanghai")));
        TaskPayload first = TrialTasksTopic.doseStepUp(team, today, "DUE", 2);
        try (TrialTasksTopic topic = new TrialTasksTopic()) {
            topic.send(UUID.randomUUID().toString(), EventTypes.TASK_DUE, first);
            await().untilAsserted(() -> given().get("/teams/" + team + "/inbox").then().body(containsString(first.id())));
            open("/?team=" + team);
            waiting().until(d -> "live".equals(d.findElement(By.id("live")).getAttribute("data-state")));
            waiting().until(d -> !d.findElements(By.cssSelector("li[data-task='" + first.id() + "']")).isEmpty());
            browser.findElement(By.id("team")).clear();
            browser.findElement(By.id("team")).sendKeys("page-marker"); // survives only if the page is not reloaded

            TaskPayload second = TrialTasksTopic.sameSubject(first, "C1 day 8: check", today.plusDays(2));
            topic.send(UUID.randomUUID().toString(), EventTypes.TASK_SCHEDULED, second);
            waiting().until(d -> !d.findElements(By.cssSelector("li[data-task='" + second.id() + "']")).isEmpty());
        }
        assertThat(browser.findElement(By.id("team")).getAttribute("value")).isEqualTo("page-marker");
        assertThat(browser.findElement(By.cssSelector("section.upcoming h2")).getText()).contains("(1)");
    }

    @Test
    void an_unknown_team_or_one_not_yours_is_said_so() {
        open("/?team=no-such-team-" + UUID.randomUUID());
        WebElement unknown = browser.findElement(By.id("load-error"));
        waiting().until(d -> unknown.isDisplayed());
        assertThat(unknown.getText()).contains("no care team");
        given().get("/pages/inbox/no-such-team/sections").then().statusCode(404);
    }

    private static TaskPayload at(ZoneId zone, TaskPayload t) {
        return new TaskPayload(t.id(), t.enrollmentId(), t.subjectId(), t.protocolId(), t.protocolVersion(),
                t.activity(), t.kind(), t.title(), t.cycle(), t.dueDate(), t.windowStart(), t.windowEnd(), t.status(),
                t.statusReason(), t.dose(), t.gate(), t.siteId(), t.careTeam(), zone.getId(), t.version());
    }

    private static TaskPayload marrow(TaskPayload t) {
        return new TaskPayload(t.id(), t.enrollmentId(), t.subjectId(), t.protocolId(), t.protocolVersion(),
                "marrow-d19", "MRD_MARROW", "Day 19 marrow MRD", null, t.dueDate(), t.windowStart(), t.windowEnd(),
                t.status(), null, null, null, t.siteId(), t.careTeam(), t.timezone(), t.version());
    }
}
