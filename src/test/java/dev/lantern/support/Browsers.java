package dev.lantern.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium and chromedriver for the console's browser tests, run headless with a
 * fresh profile and everything that would reach for the network switched off. Override
 * the paths with {@code LANTERN_TEST_CHROMIUM} and {@code LANTERN_TEST_CHROMEDRIVER}.
 */
public final class Browsers {

	static final Path CHROMIUM = Path.of(env("LANTERN_TEST_CHROMIUM", "/usr/bin/chromium"));

	static final Path CHROMEDRIVER = Path.of(env("LANTERN_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));

	private Browsers() {
	}

	/** Why no browser test can run here, or null when Chromium and chromedriver are. */
	static String unavailableReason() {
		if (!Files.isExecutable(CHROMIUM)) {
			return "no Chromium at " + CHROMIUM + " (apt-get install chromium chromium-driver, or set "
					+ "LANTERN_TEST_CHROMIUM)";
		}
		if (!Files.isExecutable(CHROMEDRIVER)) {
			return "no chromedriver at " + CHROMEDRIVER + " (apt-get install chromium-driver, or set "
					+ "LANTERN_TEST_CHROMEDRIVER)";
		}
		return null;
	}

	/**
	 * A headless Chromium with a window of the given size and a fresh profile under
	 * {@code profile}; the browser's own chatter (updates, sync, QUIC) is off.
	 */
	public static ChromeDriver chromium(Path profile, int width, int height) throws IOException {
		Files.createDirectories(profile);
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath(),
				"--window-size=" + width + "," + height, "--lang=en-US");
		options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US"));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
		return driver;
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
