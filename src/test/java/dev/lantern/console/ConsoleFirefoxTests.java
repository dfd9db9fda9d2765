package dev.lantern.console;

import java.awt.Color;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.lantern.support.FirefoxBiDi;
import dev.lantern.support.FirefoxTest;
import dev.lantern.support.Http;
import dev.lantern.vision.TestImages;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in headless Firefox ESR, driven over WebDriver BiDi (no geckodriver): the
 * API-key flow and a tabular training submitted from its form and watched to the end,
 * labels from file names shown as text, and every page loaded with its data, with no
 * script error, no Content-Security-Policy violation and no alert (recorded in the page
 * as in {@link ConsoleBrowserTests}, and from Firefox's own log). Screenshots go to
 * {@code target/console-screenshots/firefox/}.
 */
@FirefoxTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleFirefoxTests {

	static final Path SCREENSHOTS = ConsoleBrowserTests.SCREENSHOTS.resolve("firefox");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	Path work;

	FirefoxBiDi firefox;

	Http http;

	String csvDataset;

	String rossmannDataset;

	String labelsDataset;

	String job;

	@BeforeAll
	void startFirefoxWithData() throws Exception {
		this.work = Files.createTempDirectory("lantern-firefox-tests");
		Files.createDirectories(SCREENSHOTS);
		this.http = new Http(this.port);
		this.csvDataset = created(this.http.postFile("/api/v1/datasets", "firefox-stores.csv",
				"Store,Date,Sales,StateHoliday\n1,2015-07-31,5263,0\n2,2015-07-31,6064,a\n3,2015-07-30,,0\n"
					.getBytes(StandardCharsets.UTF_8),
				"Authorization", "Bearer test-key"));
		this.rossmannDataset = created(this.http.post("/api/v1/datasets/samples/rossmann?stores=10&days=150", null,
				new byte[0], "Authorization", "Bearer test-key"));
		this.labelsDataset = created(this.http.postFile("/api/v1/datasets?labels=folder&name=labels", "labels.zip",
				ConsoleBrowserTests.zipOfImages(ConsoleBrowserTests.XSS_LABEL, "dog"), "Authorization",
				"Bearer test-key"));
		this.firefox = FirefoxBiDi.start(this.work.resolve("profile"), 1280, 800, ConsoleBrowserTests.RECORDER);
		assertThat(this.firefox.version()).startsWith("firefox ");
		Files.writeString(SCREENSHOTS.resolve("browser.txt"), this.firefox.version() + "\n");
	}

	@AfterAll
	void stopFirefox() {
		if (this.firefox != null) {
			this.firefox.close();
		}
	}

	@AfterEach
	void noScriptErrorsPolicyViolationsOrAlerts() {
		assertThat(recorded("errors")).as("script errors").isEmpty();
		assertThat(recorded("violations")).as("Content-Security-Policy violations").isEmpty();
		assertThat(recorded("alerts")).as("alerts").isEmpty();
		assertThat(this.firefox.takeLogErrors()).as("errors in Firefox's log").isEmpty();
	}

	@Test
	@Order(1)
	void theChecksSeeAPolicyViolationAndAScriptErrorInFirefox() throws InterruptedException {
		open("/");
		this.firefox.call("""
				const image = document.createElement('img');
				image.id = 'blocked-on-purpose';
				image.src = 'http://192.0.2.1/blocked.png';
				document.body.append(image);
				setTimeout(() => { throw new Error('thrown on purpose'); });""");
		this.firefox.waitUntil("the recorded violation and error",
				"window.__test.violations.length > 0 && window.__test.errors.length > 0", 10);
		assertThat(recorded("violations")).singleElement()
			.satisfies((violation) -> assertThat(violation.asString()).startsWith("img-src"));
		assertThat(recorded("errors")).singleElement()
			.satisfies((error) -> assertThat(error.asString()).contains("thrown on purpose"));
		List<String> logged = new ArrayList<>();
		for (int i = 0; i < 50 && logged.stream().noneMatch((entry) -> entry.contains("thrown on purpose")); i++) {
			logged.addAll(this.firefox.takeLogErrors());
			Thread.sleep(100);
		}
		assertThat(logged).as("Firefox's log").anySatisfy((entry) -> assertThat(entry).contains("thrown on purpose"));
		this.firefox.call("document.getElementById('blocked-on-purpose').remove();"
				+ "window.__test.violations.length = 0; window.__test.errors.length = 0;");
	}

	@Test
	@Order(2)
	void aTabularTrainingIsSubmittedWithTheKeyAndWatchedToTheEnd() {
		open("/train/tabular-train?datasetId=" + this.rossmannDataset);
		waitForForm(this.rossmannDataset);
		click("//button[starts-with(text(), 'Fill in: Small and quick')]");
		fill("model", "firefox-sales");
		fill("epochs", "2");
		this.firefox.call("document.querySelector('form.form button[type=submit]').click()");
		this.firefox.waitUntil("the refusal without a key",
				"document.querySelector('main .error-box')?.textContent.includes('(401)')", 30);
		screenshot("train-401");

		open("/key");
		this.firefox.waitUntil("the key field", "document.getElementById('api-key')", 30);
		this.firefox.call("""
				const input = document.getElementById('api-key');
				input.value = 'test-key';
				input.dispatchEvent(new Event('input', { bubbles: true }));
				document.getElementById('save-key').click();""");
		this.firefox.waitUntil("the key accepted",
				"document.getElementById('api-key-status').textContent.includes('Lantern accepts this key')", 30);

		open("/train/tabular-train?datasetId=" + this.rossmannDataset);
		waitForForm(this.rossmannDataset);
		click("//button[starts-with(text(), 'Fill in: Small and quick')]");
		fill("model", "firefox-sales");
		fill("epochs", "2");
		screenshot("train-tabular");
		this.firefox.call("document.querySelector('form.form button[type=submit]').click()");
		this.firefox.waitUntil("the job page", "location.hash.startsWith('#/jobs/')", 30);
		this.job = this.firefox.call("return location.hash.substring(1)").asString();
		this.firefox.waitUntil("the job to succeed",
				"['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(document.querySelector('main').dataset.jobStatus)", 120);
		assertThat(this.firefox.call("return document.querySelector('main').dataset.jobStatus").asString())
			.as(this.firefox.call("return document.getElementById('job-error')?.textContent || ''").asString())
			.isEqualTo("SUCCEEDED");
		waitForImages("#job-files img.artifact-image[data-name='training-losses.png']", 1);
		assertThat(text("#job-result")).contains("firefox-sales version 1");
		screenshot("job");
	}

	@Test
	@Order(3)
	void labelsFromFileNamesAreShownAsTextAndRunNoScript() {
		open("/datasets/" + this.labelsDataset);
		this.firefox.waitUntil("the label counts", "document.querySelector('table.counts')", 30);
		assertThat(text("table.counts")).contains(ConsoleBrowserTests.XSS_LABEL);
		waitForImages("#sample-grid img", 4);
		assertThat(this.firefox
			.call("return [...document.querySelectorAll('#sample-grid figcaption')]" + ".map((c) => c.textContent)")
			.toString()).contains(JSON.writeValueAsString(ConsoleBrowserTests.XSS_LABEL));
		assertThat(this.firefox.call("return document.querySelectorAll('img[src=\"x\"], main b').length").asInt())
			.isZero();
		screenshot("dataset-labels");
	}

	@Test
	@Order(4)
	void everyPageLoadsWithItsData() throws IOException {
		Path image = this.work.resolve("grey.png");
		Files.write(image, TestImages.png(TestImages.solid(48, 48, Color.GRAY)));
		open("/playground");
		this.firefox.setFile("#convolve-file", image);
		waitForImages("#convolved img", 1);
		assertThat(this.firefox.call("return document.getElementById('kernel-0-1').value").asString())
			.isEqualTo("-5/3");
		screenshot("playground");

		Map<String, String> pages = new LinkedHashMap<>();
		pages.put("/", "#overview-queue");
		pages.put("/datasets", "#dataset-list a[href$='" + this.csvDataset + "']");
		pages.put("/datasets/" + this.csvDataset, "table.profile tbody tr");
		pages.put("/train", "main a[href*='tabular-lr-find']");
		pages.put("/train/tabular-train?datasetId=" + this.rossmannDataset,
				"[data-field=datasetId] select option[value='" + this.rossmannDataset + "']:checked");
		pages.put("/train/vision-train", "[data-field=architecture] select option");
		pages.put("/train/tabular-lr-find?datasetId=" + this.rossmannDataset,
				"[data-field=datasetId] select option[value='" + this.rossmannDataset + "']:checked");
		pages.put("/train/vision-lr-find", "[data-field=architecture] select option");
		pages.put("/jobs", "#job-list a[href$='" + this.job + "']");
		pages.put(this.job, "#job-files img.artifact-image[data-name='training-losses.png']");
		pages.put("/models", "main a[href$='/models/firefox-sales']");
		pages.put("/models/firefox-sales", "main tbody tr");
		pages.put("/models/firefox-sales/versions/1", "table.summary tbody tr");
		pages.put("/try", "main a[href$='/try/firefox-sales']");
		pages.put("/try/firefox-sales", "form.form [data-field=Store] input");
		pages.put("/playground", "#kernel-0-1");
		pages.put("/key", "#api-key");
		List<String> loaded = new ArrayList<>();
		for (int width : new int[] { 1280, 390 }) {
			this.firefox.setViewport(width, (width < 500) ? 844 : 800);
			for (Map.Entry<String, String> page : pages.entrySet()) {
				String route = page.getKey() + " at " + width + " px";
				open(page.getKey());
				this.firefox.waitUntil(route + " with " + page.getValue(),
						"document.querySelector(arguments[0]) && !document.querySelector('main .loading')"
								+ " && [...document.querySelectorAll('main img')].every((i) => i.complete)",
						30, page.getValue());
				assertThat(this.firefox.call("return document.querySelectorAll('main h1').length").asInt()).as(route)
					.isEqualTo(1);
				assertThat(this.firefox
					.call("return [...document.querySelectorAll('main .error-box')]" + ".map((e) => e.textContent)")
					.size()).as("errors shown on " + route).isZero();
				assertThat(this.firefox.call("""
						return [...document.querySelectorAll('main img')]
							.filter((i) => i.complete && i.naturalWidth === 0).map((i) => i.outerHTML)""").size())
					.as("broken images on " + route)
					.isZero();
				assertThat(this.firefox.call("""
						return [...document.querySelectorAll('input, select, textarea')]
							.filter((c) => c.type !== 'hidden' && !c.labels?.length && !c.getAttribute('aria-label'))
							.map((c) => c.outerHTML)""").size()).as("unlabelled controls on " + route).isZero();
				if (width < 500) {
					assertThat(this.firefox.call("return document.documentElement.scrollWidth - window.innerWidth")
						.asInt()).as("horizontal overflow of " + route).isLessThanOrEqualTo(1);
				}
				assertThat(recorded("errors")).as("script errors on " + route).isEmpty();
				assertThat(recorded("violations")).as("policy violations on " + route).isEmpty();
				assertThat(this.firefox.takeLogErrors()).as("Firefox's log on " + route).isEmpty();
				loaded.add(route);
			}
			if (width < 500) {
				open(this.job);
				waitForImages("#job-files img.artifact-image", 2);
				screenshot("phone-job");
			}
		}
		this.firefox.setViewport(1280, 800);
		open(this.job);
		waitForImages("#job-files img.artifact-image[data-name='training-losses.png']", 1);
		screenshot("job-page");
		open("/models/firefox-sales/versions/1");
		this.firefox.waitUntil("the version summary", "document.querySelector('table.summary')", 30);
		screenshot("version");
		assertThat(loaded).hasSize(2 * pages.size());
	}

	/**
	 * Loads the console afresh (a new document, as typed into the address bar) at the
	 * route.
	 */
	private void open(String route) {
		this.firefox.navigate("about:blank");
		this.firefox.navigate("http://localhost:" + this.port + "/#" + route);
		this.firefox.waitUntil("a heading on " + route, "document.querySelector('main h1')", 30);
	}

	private void waitForForm(String dataset) {
		this.firefox.waitUntil("the form with its dataset chosen",
				"document.querySelector('[data-field=datasetId] select')?.value === arguments[0]", 30, dataset);
	}

	/** Clicks the element the XPath finds. */
	private void click(String xpath) {
		this.firefox.waitUntil(xpath, "document.evaluate(arguments[0], document, null, 9, null).singleNodeValue", 30,
				xpath);
		this.firefox.call("document.evaluate(arguments[0], document, null, 9, null).singleNodeValue.click()", xpath);
	}

	/** Types a value into a form field's input (found by its data-field), as a user. */
	private void fill(String field, String value) {
		this.firefox.call("""
				const input = document.querySelector(`form.form [data-field='${arguments[0]}'] input`);
				input.focus();
				input.value = arguments[1];
				input.dispatchEvent(new Event('input', { bubbles: true }));
				input.dispatchEvent(new Event('change', { bubbles: true }));""", field, value);
	}

	private String text(String selector) {
		return this.firefox.call("return document.querySelector(arguments[0]).textContent", selector).asString();
	}

	/**
	 * Waits until at least count images matching the selector are decoded and not empty.
	 */
	private void waitForImages(String selector, int count) {
		this.firefox.waitUntil(count + " images " + selector,
				"[...document.querySelectorAll(arguments[0])]"
						+ ".filter((i) => i.complete && i.naturalWidth > 0).length >= arguments[1]",
				60, selector, count);
	}

	private List<JsonNode> recorded(String what) {
		JsonNode value = this.firefox.call("return window.__test ? window.__test[arguments[0]] : []", what);
		List<JsonNode> entries = new ArrayList<>();
		if (value != null) {
			value.forEach(entries::add);
		}
		return entries;
	}

	private void screenshot(String name) {
		try {
			Files.write(SCREENSHOTS.resolve(name + ".png"), this.firefox.screenshot());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String created(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
		return JSON.readTree(response.body()).get("id").asString();
	}

}
