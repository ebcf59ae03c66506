package cn.jinhua.risk.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium (Debian's chromium and chromium-driver, no downloads) with its own fresh
 * profile, for one user of the pages. Screenshots go to the artifacts folder under a step name;
 * waits fail with what the page showed (its message box and console) rather than a bare timeout.
 * Not thread-safe.
 */
final class Browser implements AutoCloseable {
    private final String name;
    private final ChromeDriver driver;
    private final Path screenshots;
    private final Path profile;

    Browser(String name, int width, int height, Path screenshots) throws IOException {
        this.name = name;
        this.screenshots = screenshots;
        Path chromium = Path.of(RiskSystem.required("risk.chromium"));
        Path chromedriver = Path.of(RiskSystem.required("risk.chromedriver"));
        String missing = BrowserInstalled.missing();
        if (missing != null) {
            throw new IllegalStateException(missing);
        }
        Files.createDirectories(screenshots);
        this.profile = Files.createTempDirectory("risk-e2e-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--lang=zh-CN",
                // The alarm tone plays without a click, as it does for an operator who logged in.
                "--autoplay-policy=no-user-gesture-required");
        // The pages follow the browser's language on a first visit: a control room's is Chinese.
        options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", "zh-CN,zh"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(width, height));
    }

    void open(String url) {
        driver.get(url);
    }

    /** Clicks at an offset (CSS pixels) from the middle of the element, as a person clicks on a map. */
    void clickAt(String css, int dx, int dy) {
        new org.openqa.selenium.interactions.Actions(driver).moveToElement(find(css), dx, dy).click().perform();
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    void type(String css, String text) {
        WebElement e = visible(css, Duration.ofSeconds(20));
        e.clear();
        e.sendKeys(text);
    }

    /**
     * Clicks the element the selector names, finding it again when a live update replaced it
     * between finding and clicking (the pages re-render lists as events arrive).
     */
    void click(String css) {
        waitFor(d -> {
            try {
                WebElement e = d.findElement(By.cssSelector(css));
                if (!e.isDisplayed() || !e.isEnabled()) {
                    return null;
                }
                // To the middle of the viewport: scrolled to an edge, a sticky header or a toast would take the click.
                js("arguments[0].scrollIntoView({block: 'center', inline: 'center'});", e);
                e.click();
                return Boolean.TRUE;
            } catch (StaleElementReferenceException | NoSuchElementException | ElementClickInterceptedException e) {
                return null;
            }
        }, Duration.ofSeconds(20), "clickable " + css);
    }

    WebElement visible(String css, Duration timeout) {
        return waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)), timeout, "visible " + css);
    }

    WebElement present(String css, Duration timeout) {
        return waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)), timeout, "present " + css);
    }

    /** Waits until an attribute of the first element the selector names can be read, and returns it. */
    String attributeOf(String css, String attribute, Duration timeout) {
        // Read in one script: a live re-render between finding and reading cannot make it stale.
        return waitFor(d -> (String) js("const e = document.querySelector(arguments[0]);"
                + " return e ? e.getAttribute(arguments[1]) : null;", css, attribute), timeout, "present " + css);
    }

    /** A Chrome DevTools command (geolocation override, permissions). */
    void cdp(String command, java.util.Map<String, Object> params) {
        driver.executeCdpCommand(command, params);
    }

    /** Picks an option of a select by value and fires its change event, as a user's choice does. */
    void choose(String css, String value) {
        js("const s = document.querySelector(arguments[0]); s.value = arguments[1];"
                + " s.dispatchEvent(new Event('change', {bubbles: true}));", css, value);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    <T> T waitFor(org.openqa.selenium.support.ui.ExpectedCondition<T> condition, Duration timeout, String what) {
        try {
            return new WebDriverWait(driver, timeout, Duration.ofMillis(250)).until(condition);
        } catch (TimeoutException e) {
            String shot;
            try {
                shot = " Screenshot: " + screenshot("failed-" + name + "-" + System.currentTimeMillis());
            } catch (IOException | RuntimeException ex) {
                shot = "";
            }
            throw new AssertionError(name + ": not " + what + " within " + timeout.toSeconds() + " s. " + pageState() + shot, e);
        }
    }

    /** The visible error box's text, or null when no error is shown (info messages do not count). */
    String errorShown() {
        Object text = js("const m = document.getElementById('message');"
                + "return m && !m.classList.contains('hidden') && !m.classList.contains('info') ? m.innerText : null;");
        return text == null ? null : text.toString();
    }

    /** What the page shows, for failure messages: URL, error box, last console lines. */
    String pageState() {
        StringBuilder sb = new StringBuilder();
        try {
            sb.append("URL ").append(driver.getCurrentUrl());
            Object shown = js("const m = document.getElementById('message');"
                    + "return m && !m.classList.contains('hidden') ? m.className + ': ' + m.innerText : null;");
            if (shown != null) {
                sb.append("; the message box shows ").append(shown.toString().strip());
            }
            String console = console();
            if (!console.isBlank()) {
                sb.append("; browser console:\n").append(RiskSystem.tail(console, 15));
            }
        } catch (RuntimeException e) {
            sb.append(" (page state unavailable: ").append(e.getMessage()).append(')');
        }
        return sb.toString();
    }

    private final StringBuilder consoleSoFar = new StringBuilder();

    /** Everything the console said so far (kept across calls: the driver hands each entry out once). */
    String console() {
        List<LogEntry> entries = driver.manage().logs().get(LogType.BROWSER).getAll();
        consoleSoFar.append(entries.stream().map(e -> e.getLevel() + " " + e.getMessage()).collect(Collectors.joining("\n")));
        if (!entries.isEmpty()) {
            consoleSoFar.append('\n');
        }
        return consoleSoFar.toString();
    }

    /** Saves a screenshot as {@code <step>.png} in the artifacts folder. */
    Path screenshot(String step) throws IOException {
        Path out = screenshots.resolve(step + ".png");
        Files.write(out, driver.getScreenshotAs(OutputType.BYTES));
        return out;
    }

    @Override
    public void close() throws IOException {
        try {
            Files.writeString(screenshots.resolve("console-" + name + ".log"), console(), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            // The browser may already be gone; the test's own failure says why.
        } finally {
            driver.quit();
            try (var walk = Files.walk(profile)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException ignored) {
                // A temp profile left behind is harmless.
            }
        }
    }
}
