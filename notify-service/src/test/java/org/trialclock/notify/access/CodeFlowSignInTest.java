package org.trialclock.notify.access;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.trialclock.stack.Browser;

import java.net.URL;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Production's sign-in for the pages, against a mock OIDC provider (WireMock in this JVM, Keycloak's endpoints and
 * login form): a browser opening the inbox without a session is sent to the provider, signs in there, comes back
 * with a session, and the team check applies to what it then asks for. The same configuration as the prod profile
 * (hybrid application, pages that need a signed-in person), pointed at the mock; its tokens carry their roles in
 * {@code groups} and name the user in {@code preferred_username}, and they name no care team.
 */
@QuarkusTest
@TestProfile(CodeFlowSignInTest.Provider.class)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class CodeFlowSignInTest {
    public static class Provider implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("quarkus.oidc.public-key", ""),
                    Map.entry("quarkus.oidc.token.issuer", ""),
                    Map.entry("quarkus.oidc.auth-server-url", "${keycloak.url}/realms/quarkus"),
                    Map.entry("quarkus.oidc.client-id", "quarkus-web-app"),
                    Map.entry("quarkus.oidc.credentials.secret", "secret"),
                    Map.entry("quarkus.oidc.application-type", "hybrid"),
                    Map.entry("quarkus.oidc.roles.role-claim-path", "groups"),
                    Map.entry("quarkus.oidc.token.principal-claim", "preferred_username"),
                    Map.entry("quarkus.http.auth.permission.pages.paths", "/,/inbox,/pages/*"),
                    Map.entry("quarkus.http.auth.permission.pages.policy", "authenticated"),
                    Map.entry("quarkus.oidc.authentication.restore-path-after-redirect", "true"));
        }
    }

    private static ChromeDriver browser;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void startBrowser() throws Exception {
        assumeThat(Browser.installed()).as("chromium and chromedriver installed (deploy/local/test.sh)").isTrue();
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void the_inbox_sends_a_browser_without_a_session_to_the_provider_and_back_signed_in() throws Exception {
        String inbox = base.toString().replaceAll("/$", "") + "/inbox?team=zju-hsct";
        browser.get(inbox);
        WebDriverWait waiting = new WebDriverWait(browser, Duration.ofSeconds(30));

        // at the provider's sign-in, not on the page
        waiting.until(d -> !d.findElements(By.id("login")).isEmpty());
        assertThat(browser.getCurrentUrl()).doesNotStartWith(base.toString()).contains("/realms/quarkus");
        browser.findElement(By.id("login")).click();

        // back on the inbox, signed in: the page asks for team zju-hsct's tasks with the session, and the answer is
        // the team check's (this user is on no care team), not "sign in"
        waiting.until(d -> d.getCurrentUrl().startsWith(base.toString().replaceAll("/$", "") + "/inbox"));
        Browser.screenshot(browser, getClass().getSimpleName() + "-signed-in");
        String error = waiting.until(d -> {
            String text = d.findElement(By.id("load-error")).getText();
            return text.isBlank() ? null : text;
        });
        assertThat(error).contains("not one of your teams").doesNotContain("Sign in");
        Object teams = browser.executeAsyncScript(
                "const done = arguments[0]; fetch('/teams', {credentials: 'same-origin'})"
                        + ".then(r => r.text().then(t => done(r.status + ' ' + t)));");
        assertThat(teams).as("the session reaches the API as its user").isEqualTo("200 []");
    }
}
