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

    /**
     * The visible texts of the page whose contrast with what is behind them is below WCAG 2 level AA (4.5:1, or 3:1
     * for large text: 24 px, or 18.66 px bold), each as "text: ratio (colour on background)". The background is
     * the nearest ancestor's opaque one (white if none); text on images or gradients is not judged. Written here
     * because the usual checker (axe-core) is a download the tests cannot make.
     */
    @SuppressWarnings("unchecked")
    public static java.util.List<String> lowContrast(WebDriver driver) {
        return (java.util.List<String>) ((JavascriptExecutor) driver).executeScript("""
                const rgb = c => { const m = c.match(/[\\d.]+/g).map(Number); return { r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1 }; };
                const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                  return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
                const behind = el => { for (let e = el; e; e = e.parentElement) { const b = rgb(getComputedStyle(e).backgroundColor);
                  if (b.a === 1) return b; } return { r: 255, g: 255, b: 255, a: 1 }; };
                const low = [];
                const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                  const el = n.parentElement; const text = n.textContent.trim();
                  if (!text || !el || el.closest('script, style, [hidden]') || !el.getClientRects().length) continue;
                  const style = getComputedStyle(el);
                  if (style.visibility === 'hidden' || style.display === 'none') continue;
                  const fg = rgb(style.color); const bg = behind(el);
                  const a = fg.a; const mix = { r: fg.r * a + bg.r * (1 - a), g: fg.g * a + bg.g * (1 - a), b: fg.b * a + bg.b * (1 - a) };
                  const l1 = lum(mix), l2 = lum(bg); const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
                  const size = parseFloat(style.fontSize); const bold = parseInt(style.fontWeight, 10) >= 700;
                  const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
                  if (ratio < need) low.push(text.substring(0, 40) + ': ' + ratio.toFixed(2) + ' (' + style.color + ' on ' + getComputedStyle(el).backgroundColor + ')');
                }
                return low;""");
    }

    /** Sets an input's value as a picker would: typing into a date field depends on the browser's locale. */
    public static void setValue(WebDriver driver, WebElement input, String value) {
        ((JavascriptExecutor) driver).executeScript(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
                input, value);
    }
}
