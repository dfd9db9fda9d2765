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

import dev.lantern.support.ConsoleFixtures;
import dev.lantern.support.FirefoxBiDi;
import dev.lantern.support.FirefoxTest;
import dev.lantern.support.Http;
import dev.lantern.vision.TestImages;
import dev.lantern.vision.weights.WeightsFixtures;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in headless Firefox ESR, driven over WebDriver BiDi (no geckodriver): the
 * API-key flow and a tabular training submitted from its form and watched to the end,
 * predictions from the form and from a CSV file (downloaded again), labels from file
 * names shown as text, pets generated, weights imported, an image learning-rate finder on
 * them whose suggestion trains a model that classifies an upload with a heatmap, a
 * version archive downloaded and imported, and every page loaded with its data, with no
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

	String finderJob;

	@BeforeAll
	void startFirefoxWithData() throws Exception {
		this.work = Files.createTempDirectory("lantern-firefox-tests");
		Files.createDirectories(SCREENSHOTS);
		this.http = new Http(this.port);
		this.csvDataset = created(this.http.postFile("/api/v1/datasets", "firefox-stores.csv",
				ConsoleFixtures.STORES_CSV.getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer test-key"));
		this.rossmannDataset = created(this.http.post("/api/v1/datasets/samples/rossmann?stores=10&days=150", null,
				new byte[0], "Authorization", "Bearer test-key"));
		this.labelsDataset = created(this.http.postFile("/api/v1/datasets?labels=folder&name=labels", "labels.zip",
				ConsoleFixtures.zipOfImages(ConsoleFixtures.XSS_LABEL, "dog"), "Authorization", "Bearer test-key"));
		this.firefox = FirefoxBiDi.start(this.work.resolve("profile"), 1280, 800, ConsoleFixtures.RECORDER);
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
		submit("form.form");
		waitForJob(120);
		this.job = this.firefox.call("return location.hash.substring(1)").asString();
		waitForImages("#job-files img.artifact-image[data-name='training-losses.png']", 1);
		assertThat(text("#job-result")).contains("firefox-sales version 1");
		screenshot("job");
	}

	@Test
	@Order(3)
	void aPredictionFromTheFormAgreesWithOneFromAFileWhoseResultsDownload() throws IOException {
		open(this.job);
		click("//*[@id='job-result']//a[text()='Try it']");
		this.firefox.waitUntil("the predict form", "document.querySelector('form.form [data-field=Store] input')", 30);
		ConsoleFixtures.PREDICT_RECORD.forEach(this::fill);
		submit("form.form");
		this.firefox.waitUntil("the prediction", "document.querySelector('#prediction-table .prediction')", 60);
		double sales = Double.parseDouble(text("#prediction-table .prediction").replace(",", ""));
		assertThat(sales).isPositive().isFinite();

		Path csv = this.work.resolve("firefox-records.csv");
		Files.writeString(csv, String.join(",", ConsoleFixtures.PREDICT_RECORD.keySet()) + "\n"
				+ String.join(",", ConsoleFixtures.PREDICT_RECORD.values()) + "\n2,2013-05-03,0,0,1\n");
		this.firefox.setFile("main input[type=file]", csv);
		submit("main input[type=file]");
		this.firefox.waitUntil("the file's predictions",
				"document.querySelectorAll('#csv-predictions tbody tr').length === 2", 60);
		assertThat(text("#csv-predictions")).contains("2 predictions of Sales");
		screenshot("try-tabular");
		click("//*[@id='csv-predictions']//button[text()='Download the CSV']");
		List<String> saved = Files.readAllLines(this.firefox.waitForDownload("predictions.csv", 30));
		assertThat(saved).hasSize(3);
		List<String> header = List.of(saved.get(0).split(","));
		assertThat(header).startsWith("Store", "Date", "Promo", "StateHoliday", "SchoolHoliday").contains("prediction");
		double fromFile = Double.parseDouble(saved.get(1).split(",")[header.indexOf("prediction")]);
		assertThat(fromFile).as("the file's first record, predicted from the form as %s", sales)
			.isCloseTo(sales, org.assertj.core.data.Percentage.withPercentage(0.5));
	}

	@Test
	@Order(4)
	void labelsFromFileNamesAreShownAsTextAndRunNoScript() {
		open("/datasets/" + this.labelsDataset);
		this.firefox.waitUntil("the label counts", "document.querySelector('table.counts')", 30);
		assertThat(text("table.counts")).contains(ConsoleFixtures.XSS_LABEL);
		waitForImages("#sample-grid img", 4);
		assertThat(this.firefox
			.call("return [...document.querySelectorAll('#sample-grid figcaption')]" + ".map((c) => c.textContent)")
			.toString()).contains(JSON.writeValueAsString(ConsoleFixtures.XSS_LABEL));
		assertThat(this.firefox.call("return document.querySelectorAll('img[src=\"x\"], main b').length").asInt())
			.isZero();
		screenshot("dataset-labels");
	}

	@Test
	@Order(5)
	void aFinderOnImportedWeightsSuggestsARateThatTrainsAPetClassifierWithHeatmaps() throws IOException {
		open("/datasets");
		this.firefox.waitUntil("the pets form", "document.querySelector('#pets-sample form')", 30);
		fillIn("#pets-sample", "name", "firefox-pets");
		fillIn("#pets-sample", "classes", "3");
		fillIn("#pets-sample", "imagesPerClass", "12");
		fillIn("#pets-sample", "size", "32");
		submit("#pets-sample form");
		click("//*[@id='pets-sample']//a[text()='Open it']");
		waitForImages("#sample-grid img", 12);
		String dataset = this.firefox.call("return location.hash.replace(/^#\\/datasets\\//, '')").asString();
		assertThat(dataset).isEqualTo(ConsoleFixtures.datasetId(this.http, "firefox-pets"));
		screenshot("dataset-pets");

		open("/models");
		this.firefox.waitUntil("the weights form", "document.querySelector('#weights-import')", 30);
		this.firefox.setFile("#weights-import [data-field=file] input", WeightsFixtures.path("basic.pth"));
		submit("#weights-import");
		this.firefox.waitUntil("the import",
				"document.getElementById('weights-import').textContent" + ".includes('Imported basic.pth')", 60);
		assertThat(text("#weights-import")).contains("resnet18, width 4");
		String weights = null;
		for (JsonNode imported : JSON.readTree(this.http.get("/api/v1/pretrained").body())) {
			if ("basic.pth".equals(imported.get("fileName").asString())) {
				weights = imported.get("id").asString();
			}
		}
		assertThat(weights).isNotNull();
		this.firefox.waitUntil("the weights listed",
				"document.getElementById('weights-list').textContent.includes(arguments[0])", 30, weights);
		screenshot("models-weights");

		open("/train/vision-lr-find?datasetId=" + dataset);
		waitForForm(dataset);
		this.firefox.waitUntil("the weights to choose",
				"document.querySelector(`[data-field=pretrained] option[value='${arguments[0]}']`)", 30, weights);
		ConsoleFixtures.VISION_FINDER_ON_WEIGHTS.forEach(this::fill);
		fill("pretrained", weights);
		this.firefox.call("document.querySelector('form.form [data-field=stopDiv] input').click()");
		submit("form.form");
		waitForJob(180);
		waitForImages("#finder img.artifact-image[data-name='lr-find-unfrozen.png']", 1);
		this.finderJob = this.firefox.call("return location.hash.substring(1)").asString();
		screenshot("job-lr-find");

		this.firefox.call("document.querySelector('#finder a.train-with').click()");
		this.firefox.waitUntil("the training form with the weights",
				"location.hash.startsWith('#/train/vision-train')"
						+ " && document.querySelector('[data-field=pretrained] select')?.value === arguments[0]",
				30, weights);
		assertThat(value("architecture")).isEqualTo("resnet18");
		assertThat(value("width")).isEqualTo("4");
		assertThat(value("imageSize")).isEqualTo("32");
		assertThat(Double.parseDouble(value("unfrozenLrMax"))).isPositive().isLessThanOrEqualTo(0.01);
		fill("modelName", "firefox-pets");
		fill("frozenEpochs", "0");
		fill("unfrozenEpochs", "2");
		screenshot("train-vision");
		submit("form.form");
		waitForJob(240);
		int[] colour = ConsoleFixtures.FIRST_SERIES;
		assertThat(
				this.firefox.call(ConsoleFixtures.DRAWN_PIXELS, "#loss-chart canvas", colour[0], colour[1], colour[2])
					.asInt())
			.as("pixels of the training loss curve")
			.isGreaterThan(50);
		waitForImages("#job-files img.artifact-image[data-name='training-losses.png']", 1);
		assertThat(text("#job-result")).contains("firefox-pets version 1");
		screenshot("job-vision");

		click("//*[@id='job-result']//a[text()='Try it']");
		this.firefox.waitUntil("the image input", "document.getElementById('image-files')", 30);
		Path image = this.work.resolve("pet.jpg");
		Files.write(image, this.http.bytes("/api/v1/datasets/" + dataset + "/images/0"));
		this.firefox.setFile("#image-files", image);
		this.firefox.waitUntil("three classes", "document.querySelectorAll('ol.topk meter').length === 3", 60);
		assertThat(text("#classify-results h3")).isEqualTo("pet.jpg");
		waitForImages("#classify-results img.heatmap", 1);
		String first = this.firefox.call("return document.querySelector('#classify-results img.heatmap').src")
			.asString();
		this.firefox.call("""
				const colormap = document.getElementById('heatmap-colormap');
				colormap.value = 'viridis';
				colormap.dispatchEvent(new Event('change', { bubbles: true }));""");
		this.firefox.waitUntil("a new heatmap",
				"document.querySelector('#classify-results img.heatmap')?.src !== arguments[0]", 60, first);
		waitForImages("#classify-results img.heatmap", 1);
		screenshot("try-vision");

		open("/models/firefox-pets/versions/1");
		this.firefox.waitUntil("the confusion matrix and top losses",
				"document.querySelector('table.confusion') && document.querySelector('#top-losses figure')", 60);
		waitForImages("#top-losses img.heatmap",
				this.firefox.call("return document.querySelectorAll('#top-losses figure').length").asInt());
		assertThat(text("#version-weights .weights-file")).isEqualTo("basic.pth");
		assertThat(text("#version-weights .weights-id")).isEqualTo(weights);
		assertThat(text("#version-weights .weights-sha")).hasSize(64);
		screenshot("version-vision");

		open("/models");
		this.firefox.waitUntil("the delete button",
				"document.querySelector(\"#weights-list button[aria-label='Delete basic.pth']\")", 30);
		this.firefox.call("document.querySelector(\"#weights-list button[aria-label='Delete basic.pth']\").click()");
		this.firefox.waitUntil("the weights gone", "document.querySelector('#weights-list :is(table, .empty)')"
				+ " && !document.getElementById('weights-list').textContent.includes('basic.pth')", 30);
		assertThat(this.http.get("/api/v1/pretrained").body()).doesNotContain(weights);
		open("/models/firefox-pets/versions/1");
		this.firefox.waitUntil("the version's weights", "document.querySelector('#version-weights .weights-id')", 30);
		assertThat(text("#version-weights .weights-id"))
			.as("a version keeps naming the weights it was trained from after they are deleted")
			.isEqualTo(weights);
	}

	@Test
	@Order(6)
	void aVersionArchiveDownloadedInFirefoxImportsSwitchesDefaultAndDeletes() throws IOException {
		open("/models/firefox-sales");
		this.firefox.waitUntil("the download button",
				"document.querySelector(\"button[aria-label='Download version 1 as an archive']\")", 30);
		this.firefox.call("document.querySelector(\"button[aria-label='Download version 1 as an archive']\").click()");
		Path archive = this.firefox.waitForDownload("firefox-sales-v1.zip", 60);
		assertThat(Files.readAllBytes(archive)).startsWith('P', 'K');
		for (int version = 1; version <= 2; version++) {
			open("/models");
			this.firefox.waitUntil("the import form", "document.querySelector('main form.form')", 30);
			this.firefox.setFile("main form.form [data-field=file] input", archive);
			fill("name", "firefox-copy");
			submit("main form.form");
			this.firefox.waitUntil("the imported version's card",
					"document.querySelector('main h1').textContent === arguments[0]", 60,
					"firefox-copy version " + version);
		}
		open("/models/firefox-copy");
		clickButton("Make version 2 the default");
		this.firefox.waitUntil("version 2 the default",
				"document.querySelectorAll(\"button[aria-label='Make version 1 the default']\").length === 1", 30);
		clickButton("Delete version 1");
		this.firefox.waitUntil("version 1 gone", "document.querySelectorAll('main tbody tr').length === 1", 30);
		assertThat(text("main tbody tr")).contains("v2").contains("default");
		screenshot("model");
	}

	@Test
	@Order(20)
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
		pages.put(this.finderJob, "#finder img.artifact-image");
		pages.put("/models/firefox-pets/versions/1", "#top-losses img.heatmap");
		pages.put("/models/firefox-copy", "main tbody tr");
		pages.put("/try", "main a[href$='/try/firefox-sales']");
		pages.put("/try/firefox-sales", "form.form [data-field=Store] input");
		pages.put("/try/firefox-pets", "#image-files");
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
				assertThat(this.firefox.call(ConsoleFixtures.UNLABELLED_CONTROLS).size())
					.as("unlabelled controls on " + route)
					.isZero();
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
				open("/models/firefox-pets/versions/1");
				this.firefox.waitUntil("the top losses", "document.querySelector('#top-losses figure')", 30);
				waitForImages("#top-losses img.heatmap",
						this.firefox.call("return document.querySelectorAll('#top-losses figure').length").asInt());
				screenshot("phone-version");
				open("/try/firefox-pets");
				this.firefox.waitUntil("the image input", "document.getElementById('image-files')", 30);
				screenshot("phone-try-vision");
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

	/**
	 * Types a value into the first form's field (found by its data-field), or chooses it,
	 * as a user.
	 */
	private void fill(String field, String value) {
		fillIn("form.form", field, value);
	}

	/**
	 * Types a value into a field (found by its data-field) inside what the selector
	 * finds, or chooses it, as a user.
	 */
	private void fillIn(String within, String field, String value) {
		this.firefox.call("""
				const control = document.querySelector(arguments[0])
					.querySelector(`[data-field='${arguments[1]}'] :is(input, select)`);
				control.focus();
				control.value = arguments[2];
				if (control.value !== arguments[2]) {
					throw new Error(`${arguments[1]} took ${control.value}, not ${arguments[2]}`);
				}
				control.dispatchEvent(new Event('input', { bubbles: true }));
				control.dispatchEvent(new Event('change', { bubbles: true }));""", within, field, value);
	}

	/** The value of the first form's field (found by its data-field). */
	private String value(String field) {
		return this.firefox
			.call("return document.querySelector(`form.form [data-field='${arguments[0]}'] :is(input, select)`).value",
					field)
			.asString();
	}

	/**
	 * Submits, with its button, the form the selector finds, the form of the control it
	 * finds, or the form inside what it finds.
	 */
	private void submit(String selector) {
		this.firefox.call("""
				const found = document.querySelector(arguments[0]);
				(found.matches('form') ? found : (found.form || found.querySelector('form')))
					.querySelector('button[type=submit]').click();""", selector);
	}

	/** Clicks the button of this accessible name (aria-label). */
	private void clickButton(String label) {
		this.firefox.waitUntil("the button " + label, "document.querySelector(`button[aria-label='${arguments[0]}']`)",
				30, label);
		this.firefox.call("document.querySelector(`button[aria-label='${arguments[0]}']`).click()", label);
	}

	/**
	 * Waits for the job page the submitted form opens, then until its job has succeeded;
	 * another final status fails with the page's error.
	 */
	private void waitForJob(int seconds) {
		this.firefox.waitUntil("the job page", "location.hash.startsWith('#/jobs/')", 30);
		this.firefox.waitUntil("the job to end",
				"['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(document.querySelector('main').dataset.jobStatus)",
				seconds);
		assertThat(this.firefox.call("return document.querySelector('main').dataset.jobStatus").asString())
			.as(this.firefox.call("return document.getElementById('job-error')?.textContent || ''").asString())
			.isEqualTo("SUCCEEDED");
	}

	private String text(String selector) {
		return this.firefox.call("return document.querySelector(arguments[0]).textContent", selector).asString();
	}

	/**
	 * Waits until at least count images matching the selector are decoded and not empty.
	 */
	private void waitForImages(String selector, int count) {
		this.firefox.waitUntil(count + " images " + selector,
				"(() => { " + ConsoleFixtures.DECODED_IMAGES + " })() >= arguments[1]", 60, selector, count);
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
		return ConsoleFixtures.createdId(response);
	}

}
