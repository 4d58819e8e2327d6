package org.trialclock.schedule.pages;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.trialclock.stack.Browser;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.trialclock.schedule.enrollment.Enrollment;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.trialclock.schedule.enrollment.Coordinator.dliEnrollment;
import static org.trialclock.schedule.enrollment.Coordinator.enroll;
import static org.trialclock.schedule.enrollment.Coordinator.subject;
import static org.trialclock.schedule.enrollment.Coordinator.today;

/** A coordinator at the pages, in a real browser: enroll, see errors beside fields, record and correct events. */
@QuarkusTest
class CoordinatorPagesTest {
    private static ChromeDriver browser;

    @TestHTTPResource("/")
    URL base;

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

    @Test
    void the_form_shows_eligibility_and_the_schedule_before_saving_then_enrolls() {
        String subjectId = subject();
        open("/pages/enroll");
        fillDliEnrollment(subjectId);

        browser.findElement(By.id("preview-button")).click();
        WebElement eligibility = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("eligibility")));
        assertThat(eligibility.findElements(By.cssSelector("tbody tr"))).isNotEmpty();
        assertThat(eligibility.getText()).contains("MET").doesNotContain("NOT_MET");
        WebElement preview = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("preview")));
        assertThat(preview.getText()).contains("DLI");
        assertThat(Enrollment.count("subjectId", subjectId)).as("a preview stores nothing").isZero();

        browser.findElement(By.id("enroll-button")).click();
        waiting().until(ExpectedConditions.urlContains("/pages/enrollments/"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains(subjectId);
        assertThat(browser.findElement(By.id("enrollment-status")).getText()).isEqualTo("ACTIVE");
        assertThat(browser.findElement(By.id("tasks")).getText()).contains("DLI");
        assertThat(Enrollment.count("subjectId", subjectId)).isEqualTo(1);
    }

    @Test
    void a_refused_enrollment_puts_each_reason_beside_its_field_and_stores_nothing() {
        String subjectId = subject();
        open("/pages/enroll");
        fillDliEnrollment(subjectId);
        browser.findElement(By.id("timezone")).clear();
        browser.findElement(By.id("timezone")).sendKeys("Mars/Olympus");
        // 40 days after the transplant: the text wants ">= 2 months post-transplant"
        Browser.setValue(browser, browser.findElement(By.id("anchor-NCT07105579-HSCT")), today().minusDays(40).toString());

        browser.findElement(By.id("enroll-button")).click();
        WebElement zoneError = browser.findElement(By.id("timezone-error"));
        waiting().until(d -> !zoneError.getText().isBlank());
        assertThat(zoneError.getText()).contains("Mars/Olympus");
        assertThat(browser.findElement(By.id("timezone")).getAttribute("aria-invalid")).isEqualTo("true");

        Browser.setValue(browser, browser.findElement(By.id("timezone")), "Asia/Shanghai");
        browser.findElement(By.id("enroll-button")).click();
        WebElement summary = browser.findElement(By.cssSelector("#enroll-form [data-errors-for=form]"));
        waiting().until(d -> summary.isDisplayed());
        assertThat(summary.getText()).contains("Not eligible").contains("months");
        assertThat(zoneError.getText()).as("the earlier error is cleared").isBlank();
        assertThat(Enrollment.count("subjectId", subjectId)).isZero();
    }

    @Test
    void the_patient_page_records_corrects_and_withdraws_a_clinical_event() {
        String id = enroll(dliEnrollment(subject(), today().minusDays(70)));
        open("/pages/enrollments/" + id);
        assertThat(browser.findElement(By.cssSelector("figure.timeline img")).getAttribute("src"))
                .endsWith("/enrollments/" + id + "/timeline.svg");
        assertThat(Browser.lowContrast(browser)).as("text below WCAG AA contrast").isEmpty();

        new Select(browser.findElement(By.id("event-type"))).selectByValue("MRD_RESULT");
        browser.findElement(By.id("mrdPercent")).sendKeys("0.5");
        browser.findElement(By.id("event-submit")).click();
        WebElement methodError = browser.findElement(By.id("mrdMethod-error"));
        waiting().until(d -> !methodError.getText().isBlank());
        assertThat(methodError.getText()).contains("method");
        assertThat(events(id)).as("a refused event stores nothing").isEmpty();

        new Select(browser.findElement(By.id("mrdMethod"))).selectByValue("FLOW");
        browser.findElement(By.id("event-submit")).click();
        waiting().until(d -> d.findElements(By.cssSelector("tr[data-type=MRD_RESULT].event-current")).size() == 1);
        assertThat(events(id)).singleElement().satisfies(e -> assertThat(e).containsEntry("state", "CURRENT"));

        browser.findElement(By.cssSelector("tr[data-type=MRD_RESULT] .correct-event")).click();
        assertThat(browser.findElement(By.id("mrdPercent")).getAttribute("value")).isEqualTo("0.5");
        WebElement percent = browser.findElement(By.id("mrdPercent"));
        percent.clear();
        percent.sendKeys("0.005");
        browser.findElement(By.id("event-submit")).click();
        waiting().until(d -> d.findElements(By.cssSelector("tr.event-corrected")).size() == 1);
        assertThat(events(id)).extracting(e -> e.get("state")).containsExactlyInAnyOrder("CORRECTED", "CURRENT");

        browser.findElement(By.cssSelector("tr.event-current .withdraw-event")).click();
        browser.switchTo().alert().accept();
        waiting().until(d -> d.findElements(By.cssSelector("tr.event-withdrawn")).size() == 1);
        assertThat(events(id)).extracting(e -> e.get("state")).containsExactlyInAnyOrder("CORRECTED", "WITHDRAWN");
    }

    @Test
    void the_enrollments_list_shows_a_team_s_patients_with_their_status() {
        String team = org.trialclock.stack.TestCallers.team("pages");
        String subjectId = subject();
        enroll(dliEnrollment(subjectId, today().minusDays(70)).replace("\"careTeam\":\"zju-hsct\"", "\"careTeam\":\"" + team + "\""));
        open("/pages/enrollments?careTeam=" + team);
        List<WebElement> rows = browser.findElements(By.cssSelector("#enrollments tbody tr"));
        assertThat(rows).singleElement().satisfies(r -> assertThat(r.getText()).contains(subjectId, team, "ACTIVE"));
        rows.get(0).findElement(By.linkText(subjectId)).click();
        waiting().until(ExpectedConditions.urlContains("/pages/enrollments/"));

        open("/pages/enrollments?careTeam=nobody-here");
        assertThat(browser.findElement(By.id("no-enrollments")).getText()).contains("nobody-here");
    }

    @Test
    void the_catalog_shows_every_protocol_with_text_and_default_rules_apart() {
        open("/pages/protocols");
        for (String id : List.of("NCT07105579", "NCT06438796", "NCT06607419", "NCT06507514", "BLINA-PRE-HSCT-RCT")) {
            WebElement section = browser.findElement(By.id(id));
            assertThat(section.findElements(By.cssSelector(".src-text"))).as(id + " rules from the text").isNotEmpty();
            assertThat(section.findElements(By.cssSelector(".src-default"))).as(id + " site defaults").isNotEmpty();
            assertThat(section.findElements(By.tagName("q"))).as(id + " quotes").isNotEmpty();
        }
        assertThat(Browser.lowContrast(browser)).as("text below WCAG AA contrast").isEmpty();
        open("/");
        assertThat(browser.findElement(By.linkText("Enroll a patient")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("sign-in-form")).isDisplayed()).isTrue();
        browser.manage().deleteCookieNamed("trialclock_token");
        browser.get(base.toString().replaceAll("/$", "") + "/pages/protocols");
        assertThat(browser.getPageSource()).as("no page without signing in").doesNotContain("NCT07105579");
    }

    private void fillDliEnrollment(String subjectId) {
        new Select(browser.findElement(By.id("protocolId"))).selectByValue("NCT07105579");
        browser.findElement(By.id("subjectId")).sendKeys(subjectId);
        browser.findElement(By.id("siteId")).sendKeys("zju");
        browser.findElement(By.id("careTeam")).sendKeys("zju-hsct");
        browser.findElement(By.id("weightKg")).sendKeys("62.5");
        browser.findElement(By.id("ageYears")).sendKeys("40");
        Browser.setValue(browser, browser.findElement(By.id("anchor-NCT07105579-HSCT")), today().minusDays(70).toString());
    }

    private static List<Map<String, Object>> events(String enrollmentId) {
        return given().get("/enrollments/" + enrollmentId + "/events").then().statusCode(200).extract().jsonPath()
                .getList("");
    }
}
