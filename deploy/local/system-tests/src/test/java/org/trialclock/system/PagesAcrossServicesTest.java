package org.trialclock.system;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.trialclock.stack.Browser;
import org.trialclock.stack.TestCallers;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The pages of both services in a real browser, against the built jars as processes: a coordinator enrolls through
 * the form after seeing the preview; the nurse finds the due task in the team's inbox, a wrong date shows its error
 * in the form, completing it records the completion (schedule-service marks the task done) and the task leaves the
 * due list. And a nurse connected to a second notify-service replica sees a new due task appear without reloading,
 * though another replica consumed it.
 */
@Order(60)
class PagesAcrossServicesTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static Stack stack;
    private static ChromeDriver browser;
    private static ServiceProcess webReplica;

    @BeforeAll
    static void start() throws Exception {
        assumeThat(Browser.installed()).as("chromium and chromedriver installed (deploy/local/test.sh)").isTrue();
        stack = Stack.shared();
        browser = Browser.start();
    }

    @AfterEach
    void screenshot(TestInfo test) throws Exception {
        if (browser != null) {
            Browser.screenshot(browser, getClass().getSimpleName() + "-" + test.getTestMethod().orElseThrow().getName());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (webReplica != null) {
            webReplica.close();
        }
    }

    @Test
    void a_coordinator_enrolls_through_the_form_and_the_nurse_completes_the_due_task_from_the_inbox() throws Exception {
        String team = newTeam("pages");
        String subject = "ZJU-P" + team.substring(team.length() - 6);
        LocalDate today = LocalDate.now(SHANGHAI);

        Browser.open(browser, URI.create(stack.schedule.url()).toURL(), "/pages/enroll");
        new Select(browser.findElement(By.id("protocolId"))).selectByValue("NCT07105579");
        browser.findElement(By.id("subjectId")).sendKeys(subject);
        browser.findElement(By.id("siteId")).sendKeys("zju");
        browser.findElement(By.id("careTeam")).sendKeys(team);
        browser.findElement(By.id("weightKg")).sendKeys("62.5");
        browser.findElement(By.id("ageYears")).sendKeys("40");
        // day 60 after the transplant, cycle 1's start, was yesterday at the site: due now
        Browser.setValue(browser, browser.findElement(By.id("anchor-NCT07105579-HSCT")), today.minusDays(61).toString());
        browser.findElement(By.id("preview-button")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("eligibility")));
        assertThat(waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("preview"))).getText())
                .contains("DLI");
        browser.findElement(By.id("enroll-button")).click();
        waiting().until(d -> d.findElement(By.tagName("h1")).getText().contains(subject));
        String enrollmentId = browser.getCurrentUrl().replaceAll(".*/pages/enrollments/([0-9a-f-]{36}).*", "$1");
        String taskId = await().atMost(Duration.ofSeconds(60)).until(() -> cycleStart(enrollmentId, "DUE"),
                id -> id != null);

        Browser.open(browser, URI.create(stack.notify.url()).toURL(), "/inbox?team=" + team);
        // The sections are replaced whenever the team's stream says something changed: find the task afresh each time.
        String row = "li[data-task='" + taskId + "']";
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("section.due " + row)));
        String shown = waiting().until(d -> d.findElement(By.cssSelector(row)).getText());
        assertThat(shown).contains(subject).contains("9 ug/day");

        // a date after today at the site is refused, and the error stands beside the date
        waiting().until(d -> {
            WebElement task = d.findElement(By.cssSelector(row));
            Browser.setValue(browser, task.findElement(By.name("completedOn")), today.plusDays(2).toString());
            task.findElement(By.cssSelector("button.done")).click();
            return true;
        });
        String dateError = waiting().until(d -> {
            String text = d.findElement(By.cssSelector(row + " [data-field='completedOn'] .field-error")).getText();
            return text.isBlank() ? null : text;
        });
        assertThat(dateError).contains("in the future");
        assertThat(cycleStart(enrollmentId, "COMPLETED")).as("nothing recorded from a refused completion").isNull();

        waiting().until(d -> {
            WebElement task = d.findElement(By.cssSelector(row));
            Browser.setValue(browser, task.findElement(By.name("completedOn")), today.toString());
            task.findElement(By.cssSelector("button.done")).click();
            return true;
        });
        waiting().until(d -> d.findElements(By.cssSelector("section.due " + row)).isEmpty());
        await().atMost(Duration.ofSeconds(60)).until(() -> taskId.equals(cycleStart(enrollmentId, "COMPLETED")));
    }

    @Test
    void a_due_task_consumed_by_another_replica_appears_on_the_page_without_a_reload() throws Exception {
        String team = newTeam("replica");
        // A second notify-service replica on the same database, serving pages only: its consumer of trial-tasks is
        // switched off, so every task event its page shows was consumed by the other replica.
        Map<String, String> env = stack.notifyEnv();
        // (as a system property: the environment variable's name cannot say where the channel's name ends)
        env.put("JAVA_TOOL_OPTIONS", "-Dmp.messaging.incoming.trial-tasks.enabled=false");
        webReplica = ServiceProcess.start("notify-service-pages-replica", Path.of(System.getProperty("trialclock.notify.jar")),
                Stack.freePort(), env, Stack.logs());
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).until(webReplica::ready);

        Browser.open(browser, URI.create(webReplica.url()).toURL(), "/inbox?team=" + team);
        waiting().until(d -> "live".equals(d.findElement(By.id("live")).getAttribute("data-state")));
        ((JavascriptExecutor) browser).executeScript("window.trialclockNotReloaded = true;");

        String enrollmentId = given().baseUri(stack.schedule.url()).contentType(ContentType.JSON)
                .header(TestCallers.bearer("coord-zhao", List.of("coordinator"), List.of(team))).body("""
                        {"subjectId":"ZJU-R%s","protocolId":"NCT07105579","siteId":"zju","careTeam":"%s",
                         "timezone":"Asia/Shanghai","anchors":{"HSCT":"%s"},"weightKg":62.5,"ageYears":40}"""
                        .formatted(team.substring(team.length() - 6), team, LocalDate.now(SHANGHAI).minusDays(61)))
                .post("/enrollments").then().statusCode(201).extract().path("id");
        String taskId = await().atMost(Duration.ofSeconds(60)).until(() -> cycleStart(enrollmentId, "DUE"),
                id -> id != null);

        waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("section.due li[data-task='" + taskId + "']")));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.trialclockNotReloaded === true;"))
                .as("the task came in over the live stream, without reloading the page").isEqualTo(true);
    }

    /** A care team of this test with a nurse reached by email, so its tasks raise alerts like a real team's. */
    private static String newTeam(String prefix) {
        String team = TestCallers.team(prefix);
        given().baseUri(stack.notify.url()).contentType(ContentType.JSON).body("""
                {"name":"Pages team","escalationContact":"nurse-li","members":[
                  {"name":"nurse-li","role":"NURSE","email":"%s-nurse@hospital.test"}]}""".formatted(team))
                .put("/teams/" + team).then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        return team;
    }

    /** The id of cycle 1's start task when it has this status, else null. */
    private static String cycleStart(String enrollmentId, String status) {
        List<Map<String, Object>> tasks = given().baseUri(stack.schedule.url())
                .get("/enrollments/" + enrollmentId + "/tasks").then().statusCode(200).extract().jsonPath().getList("");
        return tasks.stream().filter(t -> "CYCLE_START".equals(t.get("kind")) && Integer.valueOf(1).equals(t.get("cycle"))
                        && status.equals(t.get("status")))
                .map(t -> (String) t.get("id")).findFirst().orElse(null);
    }

    private static WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class); // a reload of the sections replaced what was found
        return wait;
    }
}
