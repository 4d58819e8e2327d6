package org.trialclock.stack;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Debian's headless chromium driven through Debian's chromedriver (deploy/local/test.sh installs both; a test
 * tool's own browser download cannot reach the internet here), with a fresh profile per browser.
 */
public final class Browser {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private Browser() {
    }

    public static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    public static ChromeDriver start() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File("target/chromedriver.log"))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return driver;
    }

    /**
     * Signs the browser in as the tests' default caller (an admin on every team the tests made so far): the token
     * goes in the cookie the pages' sign-in sets, since a page the browser navigates to cannot carry a header.
     */
    public static void signIn(WebDriver driver, String base) {
        if (!driver.getCurrentUrl().startsWith(base)) {
            driver.get(base + "/q/health/live"); // a cookie is set for the site the browser is on
        }
        String token = TestCallers.defaultAuthorization().substring("Bearer ".length());
        driver.manage().deleteCookieNamed("trialclock_token");
        driver.manage().addCookie(new org.openqa.selenium.Cookie("trialclock_token", token));
    }

    /** Opens {@code path} of the service at {@code base} (a URL), signed in as the tests' default caller. */
    public static void open(WebDriver driver, java.net.URL base, String path) {
        String root = base.toString().replaceAll("/$", "");
        signIn(driver, root);
        driver.get(root + path);
    }

    /** Saves what the browser shows under target/screenshots/, for a person to look at after the run. */
    public static void screenshot(WebDriver driver, String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
        Files.write(dir.resolve(name + ".png"), png);
    }

    /** Sets an input's value as a picker would: typing into a date field depends on the browser's locale. */
    public static void setValue(WebDriver driver, WebElement input, String value) {
        ((JavascriptExecutor) driver).executeScript(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
                input, value);
    }
}
