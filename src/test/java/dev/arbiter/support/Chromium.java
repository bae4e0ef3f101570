package dev.arbiter.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by its chromedriver (no browser is downloaded: the paths are fixed, so Selenium
 * Manager is never asked), with a fresh profile that is removed on close, and no network beyond the page's host.
 */
public final class Chromium implements AutoCloseable {
    public static final Path BROWSER = Path.of(System.getProperty("arbiter.chromium", "/usr/bin/chromium"));
    public static final Path DRIVER = Path.of(System.getProperty("arbiter.chromedriver", "/usr/bin/chromedriver"));
    public final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static Chromium start() throws IOException {
        assertTrue(Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER), "the browser tests need Debian's chromium "
                + "and chromium-driver (" + BROWSER + ", " + DRIVER + "): ./arbiter test installs them, or apt-get install chromium chromium-driver");
        Path profile = Files.createTempDirectory("arbiter-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return new Chromium(driver, profile);
    }

    /** Saves a PNG of the window under target/screenshots/. */
    public Path screenshot(String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }

    /** What the page wrote to its console (errors included) since the last call. */
    public String console() {
        StringBuilder out = new StringBuilder();
        driver.manage().logs().get("browser").forEach(e -> out.append(e.getLevel()).append(' ').append(e.getMessage()).append('\n'));
        return out.toString();
    }

    /**
     * Runs a browser session; when it fails, saves a screenshot ({@code name}-failure) and adds the page's console
     * to the failure, so a red test says what the page saw.
     */
    public void session(String name, Session steps) throws Exception {
        try {
            steps.run(driver);
        } catch (Exception | AssertionError e) {
            try {
                screenshot(name + "-failure");
                e.addSuppressed(new AssertionError("the page's console:\n" + console() + "\nURL " + driver.getCurrentUrl()));
            } catch (RuntimeException | IOException ignored) {
                // the failure itself is what matters
            }
            throw e;
        }
    }

    /** Steps of a browser session. */
    public interface Session {
        void run(ChromeDriver driver) throws Exception;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
