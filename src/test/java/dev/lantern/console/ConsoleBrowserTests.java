package dev.lantern.console;

import java.awt.Color;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.lantern.support.BrowserTest;
import dev.lantern.support.Browsers;
import dev.lantern.support.ConsoleFixtures;
import dev.lantern.support.Http;
import dev.lantern.vision.TestImages;
import dev.lantern.vision.weights.WeightsFixtures;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in headless Chromium against the application on a random port: the lesson's
 * two walkthroughs done with the mouse (pets: generate, train, watch the job, classify
 * with a heatmap; Rossmann: generate, train, predict), labels from files shown as text,
 * the API-key flow, the Content-Security-Policy, and every page at desktop and phone
 * width without script errors, policy violations or unlabelled controls. Screenshots go
 * to {@code target/console-screenshots/}.
 */
@BrowserTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTests {

	static final String POLICY = "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; "
			+ "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

	static final Path SCREENSHOTS = Path.of("target/console-screenshots");

	@LocalServerPort
	int port;

	Path work;

	ChromeDriver driver;

	Http http;

	/** The tabular finder job's page, checked at phone width with every other page. */
	String finderJob = "/jobs";

	@BeforeAll
	void startBrowser() throws IOException {
		this.work = Files.createTempDirectory("lantern-console-tests");
		Files.createDirectories(SCREENSHOTS);
		this.http = new Http(this.port);
		this.driver = Browsers.chromium(this.work.resolve("profile"), 1280, 800);
		this.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
				Map.of("source", ConsoleFixtures.RECORDER));
	}

	@AfterAll
	void stopBrowser() {
		if (this.driver != null) {
			this.driver.quit();
		}
	}

	@AfterEach
	void noScriptErrorsPolicyViolationsOrAlerts() {
		assertThat(recorded("errors")).as("script errors").isEmpty();
		assertThat(recorded("violations")).as("Content-Security-Policy violations").isEmpty();
		assertThat(recorded("alerts")).as("alerts").isEmpty();
	}

	@Test
	@Order(1)
	void everyResponseCarriesTheContentSecurityPolicy() {
		for (String path : List.of("/", "/index.html", "/console/app.js", "/console/console.css",
				"/console/pages/job.js", "/webjars/uplot/dist/uPlot.esm.js", "/api/v1/system", "/api/v1/nothing",
				"/swagger-ui/index.html", "/v3/api-docs")) {
			HttpResponse<String> response = this.http.get(path);
			assertThat(response.headers().firstValue("Content-Security-Policy")).as(path).contains(POLICY);
		}
		HttpResponse<String> refused = this.http.post("/api/v1/jobs", "application/json", "{}".getBytes());
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.headers().firstValue("Content-Security-Policy")).contains(POLICY);
		assertThat(this.http.get("/console/app.js").headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).contains("javascript"));

		this.driver.get("http://localhost:" + this.port + "/swagger-ui/index.html");
		wait(30).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".swagger-ui .info .title")));
		assertThat(this.driver.findElements(By.cssSelector(".swagger-ui .opblock"))).as("operations shown")
			.hasSizeGreaterThan(20);
		// Swagger UI adds one inline <style> element, which the policy blocks; it renders
		// and works without it. Nothing else may be blocked.
		assertThat(recorded("violations")).as("Swagger UI under the policy")
			.allSatisfy((violation) -> assertThat(violation.toString()).isEqualTo("style-src-elem inline"));
		script("window.__test.violations.length = 0");
	}

	@Test
	@Order(2)
	void aChangeWithoutAKeyIsExplainedAndWorksOnceTheKeyIsEntered() {
		open("/datasets");
		WebElement pets = waitFor(By.id("pets-sample"));
		type(pets, "name", "key-flow");
		type(pets, "classes", "2");
		type(pets, "imagesPerClass", "4");
		type(pets, "size", "32");
		pets.findElement(By.cssSelector("button[type=submit]")).click();
		WebElement problem = waitFor(By.cssSelector("#pets-sample .error-box"));
		assertThat(problem.getText()).contains("(401)").contains("needs an API key").contains("api-key");
		assertThat(problem.findElement(By.cssSelector("a[href='#/key']")).getText()).isEqualTo("API key page");
		script("arguments[0].scrollIntoView({ block: 'center' })", problem);
		screenshot("datasets-401");

		open("/key");
		enterKey("not-the-key");
		assertThat(waitFor(By.cssSelector("#api-key-status .error-box")).getText()).contains("not accepted");
		enterKey("test-key");
		wait(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("api-key-status"),
				"Lantern accepts this key"));
		screenshot("key");

		open("/datasets");
		pets = waitFor(By.id("pets-sample"));
		type(pets, "name", "key-flow");
		type(pets, "classes", "2");
		type(pets, "imagesPerClass", "4");
		type(pets, "size", "32");
		pets.findElement(By.cssSelector("button[type=submit]")).click();
		wait(30).until(ExpectedConditions.textToBePresentInElementLocated(By.id("pets-sample"), "Generated"));
		assertThat(this.driver.findElements(By.cssSelector("#pets-sample .error-box"))).isEmpty();
	}

	@Test
	@Order(3)
	void labelsFromFileNamesAreShownAsTextAndRunNoScript() throws IOException {
		Path archive = this.work.resolve("labels.zip");
		Files.write(archive, ConsoleFixtures.zipOfImages(ConsoleFixtures.XSS_LABEL, "dog"));
		open("/datasets");
		WebElement upload = waitFor(By.id("upload"));
		upload.findElement(By.cssSelector("[data-field=file] input")).sendKeys(archive.toAbsolutePath().toString());
		type(upload, "name", "<b>labels</b>");
		new Select(upload.findElement(By.cssSelector("[data-field=labels] select"))).selectByValue("folder");
		upload.findElement(By.cssSelector("button[type=submit]")).click();
		wait(30).until(ExpectedConditions.textToBePresentInElementLocated(By.id("upload"), "Stored"));
		WebElement link = wait(10)
			.until(ExpectedConditions.elementToBeClickable(By.xpath("//a[text()='<b>labels</b>']")));
		link.click();

		wait(20).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main h1"), "<b>labels</b>"));
		WebElement counts = waitFor(By.cssSelector("table.counts"));
		assertThat(counts.getText()).contains(ConsoleFixtures.XSS_LABEL);
		waitForImages("#sample-grid img", 4);
		assertThat(
				this.driver.findElements(By.cssSelector("#sample-grid figcaption")).stream().map(WebElement::getText))
			.contains(ConsoleFixtures.XSS_LABEL);
		assertThat(script("return document.querySelectorAll('img[src=\"x\"], main b').length")).isEqualTo(0L);

		this.driver.findElements(By.cssSelector("#sample-grid .image-choice")).get(0).click();
		WebElement augment = this.driver.findElement(By.cssSelector(".augment-preview")).findElement(By.xpath(".."));
		type(augment, "size", "64");
		type(augment, "views", "4");
		augment.findElement(By.cssSelector("button[type=submit]")).click();
		waitForImages(".augment-preview img", 1);
		screenshotFull("dataset-images");

		this.driver.navigate().back();
		wait(10).until(ExpectedConditions.textToBe(By.cssSelector("main h1"), "Datasets"));
		assertThat(recorded("alerts")).isEmpty();
	}

	@Test
	@Order(4)
	void petsGenerateTrainWatchAndClassifyWithAHeatmap() throws Exception {
		open("/datasets");
		WebElement pets = waitFor(By.id("pets-sample"));
		type(pets, "name", "browser-pets");
		type(pets, "classes", "3");
		type(pets, "imagesPerClass", "40");
		type(pets, "size", "64");
		pets.findElement(By.cssSelector("button[type=submit]")).click();
		wait(60).until(ExpectedConditions.elementToBeClickable(By.linkText("Open it"))).click();
		waitForImages("#sample-grid img", 12);
		screenshotFull("dataset-pets");
		String datasetId = this.driver.getCurrentUrl().replaceAll(".*#/datasets/", "");

		waitFor(By.linkText("Train on this dataset")).click();
		WebElement form = waitFor(By.cssSelector("form.form"));
		wait(20).until(
				(d) -> datasetId.equals(select(form, "datasetId").getFirstSelectedOption().getDomAttribute("value")));
		assertThat(form.findElement(By.cssSelector("[data-field=imageSize] .hint")).getText()).contains("Default: 224");
		this.driver.findElement(By.xpath("//button[starts-with(text(), 'Fill in: Small ResNet-18')]")).click();
		type(form, "modelName", "browser-pets");
		screenshotFull("train-vision");
		form.findElement(By.cssSelector("button[type=submit]")).click();

		waitForJob("SUCCEEDED", 180);
		assertThat(this.driver.findElements(By.cssSelector("table.history tbody tr"))).hasSize(12);
		assertThat(drawnPixels("#loss-chart canvas")).as("pixels of the training loss curve").isGreaterThan(50);
		assertThat(drawnPixels("#metric-chart canvas")).as("pixels of the first metric curve").isGreaterThan(50);
		assertThat(waitFor(By.id("job-progress-text")).getText()).contains("Epoch 12 of 12");
		waitForImages("#job-files img.artifact-image[data-name='training-losses.png']", 1);
		waitForImages("#job-files img.artifact-image[data-name='training-metrics.png']", 1);
		screenshotFull("job");

		waitFor(By.cssSelector("#job-result a.button")).click();
		Path image = this.work.resolve("pet.jpg");
		byte[] jpeg = this.http.bytes("/api/v1/datasets/" + datasetId + "/images/0");
		Files.write(image, jpeg);
		waitFor(By.id("image-files")).sendKeys(image.toAbsolutePath().toString());
		wait(60).until((d) -> d.findElements(By.cssSelector("ol.topk meter")).size() == 3);
		assertThat(waitFor(By.cssSelector("#classify-results h3")).getText()).isEqualTo("pet.jpg");
		waitForImages("#classify-results img.heatmap", 1);
		String first = waitFor(By.cssSelector("#classify-results img.heatmap")).getDomAttribute("src");
		new Select(waitFor(By.id("heatmap-colormap"))).selectByValue("viridis");
		wait(60).until((d) -> {
			List<WebElement> images = d.findElements(By.cssSelector("#classify-results img.heatmap"));
			return !images.isEmpty() && !first.equals(images.get(0).getDomAttribute("src"));
		});
		waitForImages("#classify-results img.heatmap", 1);
		screenshotFull("try-vision");

		open("/models/browser-pets/versions/1");
		waitFor(By.cssSelector("table.confusion"));
		wait(30).until((d) -> !d.findElements(By.cssSelector("#top-losses figure")).isEmpty());
		waitForImages("#top-losses img.heatmap", this.driver.findElements(By.cssSelector("#top-losses figure")).size());
		waitForImages("#version-files img.artifact-image", 2);
		screenshotFull("version-vision");
	}

	@Test
	@Order(5)
	void rossmannGenerateTrainAndPredict() throws IOException {
		Path csv = this.work.resolve("stores.csv");
		Files.writeString(csv, ConsoleFixtures.STORES_CSV, StandardCharsets.UTF_8);
		open("/datasets");
		WebElement upload = waitFor(By.id("upload"));
		upload.findElement(By.cssSelector("[data-field=file] input")).sendKeys(csv.toAbsolutePath().toString());
		upload.findElement(By.cssSelector("button[type=submit]")).click();
		wait(30).until(ExpectedConditions.textToBePresentInElementLocated(By.id("upload"), "Stored"));
		waitFor(By.xpath("//a[text()='stores.csv']")).click();
		WebElement profile = waitFor(By.cssSelector("table.profile"));
		assertThat(profile.getText()).contains("Sales").contains("integer").contains("date").contains("StateHoliday");
		screenshotFull("dataset-csv");

		open("/datasets");
		WebElement rossmann = waitFor(By.id("rossmann-sample"));
		type(rossmann, "stores", "10");
		type(rossmann, "days", "200");
		rossmann.findElement(By.cssSelector("button[type=submit]")).click();
		wait(60).until(ExpectedConditions.elementToBeClickable(By.cssSelector("#rossmann-sample a"))).click();
		waitFor(By.linkText("Train on this dataset")).click();
		WebElement form = waitFor(By.cssSelector("form.form"));
		wait(20).until((d) -> select(form, "datasetId").getFirstSelectedOption().getDomAttribute("value").length() > 0);
		assertThat(form.findElement(By.cssSelector("[data-field=layers] .hint")).getText()).contains("1000, 500");
		this.driver.findElement(By.xpath("//button[starts-with(text(), 'Fill in: Small and quick')]")).click();
		type(form, "model", "browser-sales");
		type(form, "epochs", "2");

		script("const s = document.querySelector('[data-field=preset] select');"
				+ "s.append(new Option('kaggle', 'kaggle')); s.value = 'kaggle';");
		form.findElement(By.cssSelector("button[type=submit]")).click();
		WebElement presetError = waitFor(By.cssSelector("[data-field=preset] .field-error"));
		assertThat(presetError.getText()).isNotBlank();
		assertThat(form.findElement(By.cssSelector("[data-field=preset] select")).getDomAttribute("aria-invalid"))
			.isEqualTo("true");
		screenshotFull("train-field-error");
		select(form, "preset").selectByValue("");
		form.findElement(By.cssSelector("button[type=submit]")).click();

		waitForJob("SUCCEEDED", 180);
		waitFor(By.cssSelector("#job-result a.button")).click();
		WebElement predict = waitFor(By.cssSelector("form.form"));
		fill(predict, ConsoleFixtures.PREDICT_RECORD);
		predict.findElement(By.cssSelector("button[type=submit]")).click();
		WebElement prediction = waitFor(By.cssSelector("#prediction-table .prediction"));
		double sales = Double.parseDouble(prediction.getText().replace(",", ""));
		assertThat(sales).isPositive().isFinite();
		screenshotFull("try-tabular");

		open("/models/browser-sales/versions/1");
		WebElement summary = waitFor(By.cssSelector("table.summary"));
		assertThat(summary.findElements(By.cssSelector("tbody tr"))).hasSizeGreaterThan(3);
		screenshotFull("version-tabular");
	}

	@Test
	@Order(6)
	void aTabularLrFindShowsItsPlotAndSuggestionsAndTrainsWithARate() {
		String dataset = datasetId("rossmann-sample-10x200");
		open("/train/tabular-lr-find?datasetId=" + dataset);
		WebElement form = waitFor(By.cssSelector("form.form"));
		wait(20)
			.until((d) -> dataset.equals(select(form, "datasetId").getFirstSelectedOption().getDomAttribute("value")));
		assertThat(hint(form, "startLr")).contains("Default: 1e-7");
		assertThat(hint(form, "endLr")).contains("Default: 10");
		assertThat(hint(form, "iterations")).contains("Default: 100");
		assertThat(form.findElement(By.cssSelector("[data-field=batchSize] .hint .from-data")).getText())
			.isEqualTo("from the data");
		this.driver.findElement(By.xpath("//button[starts-with(text(), 'Fill in: Quick sweep')]")).click();

		type(form, "iterations", "5");
		form.findElement(By.cssSelector("button[type=submit]")).click();
		assertThat(waitFor(By.cssSelector("[data-field=iterations] .field-error")).getText())
			.isEqualTo("Iterations must be at least 10");
		assertThat(this.driver.getCurrentUrl()).contains("#/train/tabular-lr-find");

		type(form, "iterations", "50");
		type(form, "startLr", "1");
		type(form, "endLr", "0.5");
		form.findElement(By.cssSelector("button[type=submit]")).click();
		WebElement startError = waitFor(By.cssSelector("[data-field=startLr] .field-error"));
		assertThat(startError.getText()).contains("must be below").contains("spec.endLr");
		assertThat(form.findElements(By.cssSelector("[data-field=iterations] .field-error")))
			.allSatisfy((e) -> assertThat(e.isDisplayed()).isFalse());
		screenshotFull("train-lr-find-field-error");

		type(form, "startLr", "1e-5");
		// stopDiv off and rates up to 0.1: the sweep runs to the end (so fastai's
		// suggestions
		// exist) and the training at its valley below does not diverge.
		type(form, "endLr", "0.1");
		form.findElement(By.cssSelector("[data-field=stopDiv] input")).click();
		form.findElement(By.cssSelector("button[type=submit]")).click();
		waitForFinalStatus("SUCCEEDED", 120);
		waitForImages("#finder img.artifact-image", 1);
		this.finderJob = this.driver.getCurrentUrl().replaceAll(".*#", "");
		assertThat(waitFor(By.cssSelector("#finder img.artifact-image")).getDomAttribute("data-name"))
			.isEqualTo("lr-find.png");
		List<WebElement> links = this.driver.findElements(By.cssSelector("#finder a.train-with"));
		assertThat(links).as("a link per suggestion").isNotEmpty();
		assertThat(this.driver.findElements(By.cssSelector("#finder [data-suggestion=valley].rate"))).hasSize(1);
		assertThat(waitFor(By.cssSelector("#finder [data-figure=batchSize]")).getText()).isEqualTo("128");
		screenshotFull("job-lr-find");

		WebElement valley = waitFor(By.cssSelector("#finder a.train-with[data-suggestion=valley]"));
		String rate = java.net.URLDecoder.decode(
				valley.getDomAttribute("href").replaceAll(".*[?&]learningRate=([^&]*).*", "$1"),
				StandardCharsets.UTF_8);
		assertThat(Double.parseDouble(rate)).isPositive().isLessThanOrEqualTo(10);
		valley.click();
		WebElement train = waitFor(By.cssSelector("form.form"));
		wait(20).until(ExpectedConditions.urlContains("#/train/tabular-train"));
		wait(20)
			.until((d) -> dataset.equals(select(train, "datasetId").getFirstSelectedOption().getDomAttribute("value")));
		assertThat(input(train, "learningRate").getDomProperty("value")).isEqualTo(rate);
		assertThat(input(train, "layers").getDomProperty("value")).isEqualTo("200, 100");
		assertThat(waitFor(By.id("prefilled")).getText()).contains("learning rate finder").contains(rate);
		screenshotFull("train-prefilled");

		type(train, "model", "browser-found-rate");
		type(train, "epochs", "2");
		input(train, "batchSize").clear();
		train.findElement(By.cssSelector("button[type=submit]")).click();
		waitForJob("SUCCEEDED", 120);
		assertThat(Double.parseDouble(waitFor(By.cssSelector("#job-result [data-figure=learningRate]")).getText()))
			.as("the rate trained at, to 4 digits")
			.isCloseTo(Double.parseDouble(rate), org.assertj.core.data.Percentage.withPercentage(0.1));
		assertThat(waitFor(By.cssSelector("#job-result [data-figure=batchSize]")).getText())
			.isEqualTo("64 from the data");
		waitForImages("#job-files img.artifact-image[data-name='training-losses.png']", 1);
	}

	@Test
	@Order(7)
	void aVisionLrFindOnImportedWeightsLeadsToAnAutoRateTrainingWhoseVersionNamesTheWeights() {
		open("/models");
		WebElement importer = waitFor(By.id("weights-import"));
		importer.findElement(By.cssSelector("[data-field=file] input"))
			.sendKeys(WeightsFixtures.path("basic.pth").toAbsolutePath().toString());
		importer.findElement(By.cssSelector("button[type=submit]")).click();
		wait(60)
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("weights-import"), "Imported basic.pth"));
		assertThat(waitFor(By.id("weights-import")).getText()).contains("resnet18, width 4");
		wait(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("weights-list"), "basic.pth"));
		String weights = tools.jackson.databind.json.JsonMapper.builder()
			.build()
			.readTree(this.http.get("/api/v1/pretrained").body())
			.get(0)
			.get("id")
			.asString();
		assertThat(waitFor(By.id("weights-list")).getText()).contains(weights);
		screenshotFull("models-weights");
		String dataset = datasetId("browser-pets");
		open("/train/vision-lr-find?datasetId=" + dataset);
		WebElement form = waitFor(By.cssSelector("form.form"));
		wait(20).until((d) -> d.findElements(By.cssSelector("[data-field=pretrained] option[value='" + weights + "']"))
			.size() == 1);
		assertThat(select(form, "pretrained").getOptions().stream().map(WebElement::getText))
			.anySatisfy((label) -> assertThat(label).startsWith("basic.pth (resnet18, width 4"));
		fill(form, ConsoleFixtures.VISION_FINDER_ON_WEIGHTS);
		select(form, "pretrained").selectByValue(weights);
		form.findElement(By.cssSelector("[data-field=stopDiv] input")).click();
		form.findElement(By.cssSelector("button[type=submit]")).click();
		waitForFinalStatus("SUCCEEDED", 180);
		waitForImages("#finder img.artifact-image[data-name='lr-find-unfrozen.png']", 1);

		List<WebElement> links = this.driver.findElements(By.cssSelector("#finder a.train-with"));
		assertThat(links).as("a link per suggestion").isNotEmpty();
		links.get(0).click();
		WebElement train = waitFor(By.cssSelector("form.form"));
		wait(20).until(ExpectedConditions.urlContains("#/train/vision-train"));
		wait(20).until(
				(d) -> weights.equals(select(train, "pretrained").getFirstSelectedOption().getDomAttribute("value")));
		assertThat(input(train, "unfrozenLrMax").getDomProperty("value")).isNotBlank();
		assertThat(select(train, "architecture").getFirstSelectedOption().getDomAttribute("value"))
			.isEqualTo("resnet18");
		assertThat(input(train, "width").getDomProperty("value")).isEqualTo("4");
		assertThat(input(train, "resize.imageSize").isEnabled()).as("the resize stage's fields wait for its box")
			.isFalse();
		type(train, "modelName", "browser-weights");
		type(train, "frozenEpochs", "1");
		type(train, "frozenLr", "auto");
		type(train, "unfrozenEpochs", "1");
		train.findElement(By.cssSelector("[data-field=resize] input")).click();
		type(train, "resize.imageSize", "48");
		type(train, "resize.epochs", "1");
		screenshotFull("train-vision-weights");
		train.findElement(By.cssSelector("button[type=submit]")).click();
		waitForJob("SUCCEEDED", 240);
		WebElement chosen = waitFor(By.cssSelector("#auto-rate .chosen-rate[data-field=frozenLr]"));
		assertThat(chosen.getText()).isNotEqualTo("–");
		waitForImages("#auto-rate img.artifact-image[data-name='lr-find-frozen.png']", 1);
		waitForImages("#job-files img.artifact-image[data-name='training-losses.png']", 1);
		assertThat(this.driver.findElement(By.cssSelector("#job-result")).getText())
			.contains("browser-weights version 1");
		assertThat(this.driver.findElements(By.cssSelector("#job-result [data-figure=epochs] .from-data")))
			.as("a vision job's epochs are the spec's, not chosen from the data")
			.isEmpty();
		screenshotFull("job-auto-rate");

		waitFor(By.linkText("browser-weights version 1")).click();
		WebElement card = waitFor(By.id("version-weights"));
		assertThat(card.findElement(By.cssSelector(".weights-file")).getText()).isEqualTo("basic.pth");
		assertThat(card.findElement(By.cssSelector(".weights-id")).getText()).isEqualTo(weights);
		assertThat(card.findElement(By.cssSelector(".weights-sha")).getText()).hasSize(64);
		waitForImages("#version-files img.artifact-image[data-name='training-losses.png']", 1);
		assertThat(waitFor(By.cssSelector("#version-files table.files")).getText()).contains("lr-find-frozen.png")
			.contains("training-curves.json");
		screenshotFull("version-weights");

		open("/models");
		wait(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("weights-list"), "basic.pth"));
		waitFor(By.cssSelector("#weights-list button[aria-label='Delete basic.pth']")).click();
		wait(20).until(ExpectedConditions
			.not(ExpectedConditions.textToBePresentInElementLocated(By.id("weights-list"), "basic.pth")));
		assertThat(this.http.get("/api/v1/pretrained").body()).doesNotContain(weights);
		open("/models/browser-weights/versions/1");
		assertThat(waitFor(By.cssSelector("#version-weights .weights-id")).getText())
			.as("a version keeps naming the weights it was trained from after they are deleted")
			.isEqualTo(weights);
	}

	@Test
	@Order(8)
	void aJobThatFailsWhileRunningShowsItsError() {
		String dataset = datasetId("stores.csv");
		open("/train/tabular-train?datasetId=" + dataset);
		WebElement form = waitFor(By.cssSelector("form.form"));
		wait(20)
			.until((d) -> dataset.equals(select(form, "datasetId").getFirstSelectedOption().getDomAttribute("value")));
		type(form, "model", "browser-failing-run");
		select(form, "preset").selectByValue("none");
		type(form, "target", "NoSuchColumn");
		type(form, "epochs", "1");
		form.findElement(By.cssSelector("button[type=submit]")).click();
		waitForStatus("FAILED", 120);
		WebElement error = waitFor(By.cssSelector("#job-error .error-box"));
		assertThat(error.getText()).contains("The job failed").contains("NoSuchColumn");
		assertThat(waitFor(By.cssSelector("#job-result")).getText()).contains("No result: the job failed");
		screenshotFull("job-failed");
	}

	@Test
	@Order(9)
	void aWideCsvProfileIsReadInPagesOfColumns() {
		StringBuilder csv = new StringBuilder();
		for (int c = 1; c <= 12; c++) {
			csv.append(c > 1 ? "," : "").append("col").append(c);
		}
		csv.append('\n');
		for (int r = 0; r < 5; r++) {
			for (int c = 1; c <= 12; c++) {
				csv.append(c > 1 ? "," : "").append(r * c);
			}
			csv.append('\n');
		}
		HttpResponse<String> stored = this.http.postFile("/api/v1/datasets", "wide.csv",
				csv.toString().getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer test-key");
		assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
		open("/datasets/" + datasetId("wide.csv"));
		WebElement position = waitFor(By.id("profile-position"));
		assertThat(position.getText()).isEqualTo("Columns 1 to 12 of 12.");
		new Select(waitFor(By.id("profile-page-size"))).selectByValue("10");
		wait(20).until(ExpectedConditions.textToBe(By.id("profile-position"), "Columns 1 to 10 of 12."));
		assertThat(this.driver.findElements(By.cssSelector("table.profile tbody tr"))).hasSize(10);
		assertThat(waitFor(By.id("profile-previous")).isEnabled()).isFalse();
		waitFor(By.id("profile-next")).click();
		wait(20).until(ExpectedConditions.textToBe(By.id("profile-position"), "Columns 11 to 12 of 12."));
		assertThat(this.driver.findElements(By.cssSelector("table.profile tbody tr"))).hasSize(2);
		assertThat(waitFor(By.cssSelector("table.profile tbody")).getText()).contains("col11")
			.contains("col12")
			.doesNotContain("col10");
		assertThat(waitFor(By.id("profile-next")).isEnabled()).isFalse();
		screenshotFull("dataset-profile-pages");
		waitFor(By.id("profile-previous")).click();
		wait(20).until(ExpectedConditions.textToBe(By.id("profile-position"), "Columns 1 to 10 of 12."));
	}

	@Test
	@Order(10)
	void anUnknownArchitectureIsRefusedAtItsFieldAndARunningJobCanBeCancelled() {
		String dataset = datasetId("browser-pets");
		open("/train/vision-train?datasetId=" + dataset);
		WebElement form = waitFor(By.cssSelector("form.form"));
		wait(20)
			.until((d) -> dataset.equals(select(form, "datasetId").getFirstSelectedOption().getDomAttribute("value")));
		this.driver.findElement(By.xpath("//button[starts-with(text(), 'Fill in: Small ResNet-18')]")).click();
		type(form, "modelName", "browser-failing");
		script("const s = document.querySelector('[data-field=architecture] select');"
				+ "s.append(new Option('no-such-net', 'no-such-net')); s.value = 'no-such-net';");
		form.findElement(By.cssSelector("button[type=submit]")).click();
		WebElement architectureError = waitFor(By.cssSelector("[data-field=architecture] .field-error"));
		assertThat(architectureError.getText()).contains("no-such-net");
		screenshotFull("job-refused");

		open("/train/vision-train?datasetId=" + dataset);
		WebElement again = waitFor(By.cssSelector("form.form"));
		wait(20)
			.until((d) -> dataset.equals(select(again, "datasetId").getFirstSelectedOption().getDomAttribute("value")));
		this.driver.findElement(By.xpath("//button[starts-with(text(), 'Fill in: Small ResNet-18')]")).click();
		type(again, "modelName", "browser-cancelled");
		type(again, "unfrozenEpochs", "1000");
		again.findElement(By.cssSelector("button[type=submit]")).click();
		waitForStatus("RUNNING", 60);
		waitFor(By.id("cancel-job")).click();
		waitForStatus("CANCELLED", 60);
		assertThat(this.driver.findElement(By.id("cancel-job")).isDisplayed()).isFalse();
	}

	@Test
	@Order(11)
	void aVersionArchiveImportsSwitchesDefaultAndDeletes() throws IOException {
		Path archive = this.work.resolve("browser-pets-v1.zip");
		Files.write(archive, this.http.bytes("/api/v1/models/browser-pets/versions/1/archive"));
		for (int version = 1; version <= 2; version++) {
			open("/models");
			WebElement form = waitFor(By.cssSelector("form.form"));
			form.findElement(By.cssSelector("[data-field=file] input")).sendKeys(archive.toAbsolutePath().toString());
			type(form, "name", "browser-copy");
			form.findElement(By.cssSelector("button[type=submit]")).click();
			wait(60).until(ExpectedConditions.textToBe(By.cssSelector("main h1"), "browser-copy version " + version));
		}
		open("/models/browser-copy");
		waitFor(By.cssSelector("button[aria-label='Make version 2 the default']")).click();
		wait(20).until(
				(d) -> d.findElements(By.cssSelector("button[aria-label='Make version 1 the default']")).size() == 1);
		waitFor(By.cssSelector("button[aria-label='Delete version 1']")).click();
		wait(20).until((d) -> d.findElements(By.cssSelector("main tbody tr")).size() == 1);
		assertThat(waitFor(By.cssSelector("main tbody tr")).getText()).contains("v2").contains("default");
		screenshot("model");
	}

	@Test
	@Order(20)
	void everyPageWorksAtDesktopAndPhoneWidth() throws IOException {
		Path image = this.work.resolve("grey.png");
		Files.write(image, TestImages.png(TestImages.solid(48, 48, Color.GRAY)));
		open("/playground");
		waitFor(By.id("convolve-file")).sendKeys(image.toAbsolutePath().toString());
		waitForImages("#convolved img", 1);
		assertThat(this.driver.findElement(By.id("kernel-0-1")).getDomProperty("value")).isEqualTo("-5/3");
		screenshotFull("playground");

		List<String> routes = List.of("/", "/datasets", "/train", "/train/tabular-train", "/train/vision-train",
				"/train/tabular-lr-find", "/train/vision-lr-find", "/jobs", this.finderJob,
				"/models/browser-weights/versions/1", "/jobs?status=SUCCEEDED", "/models", "/models/browser-pets",
				"/models/browser-pets/versions/1", "/try", "/try/browser-sales", "/try/browser-pets", "/playground",
				"/key", "/no/such/page");
		for (Dimension size : List.of(new Dimension(1280, 800), new Dimension(390, 844))) {
			this.driver.manage().window().setSize(size);
			for (String route : routes) {
				open(route);
				wait(30).until((d) -> d.findElements(By.cssSelector("main .loading")).isEmpty());
				assertThat(this.driver.findElements(By.cssSelector("main h1"))).as(route).hasSize(1);
				assertThat(this.driver.findElements(By.cssSelector("main .error-box"))).as(route).isEmpty();
				assertThat((List<?>) script(ConsoleFixtures.UNLABELLED_CONTROLS)).as("unlabelled controls on " + route)
					.isEmpty();
				if (size.getWidth() < 500) {
					assertThat((Long) script("return document.documentElement.scrollWidth - window.innerWidth"))
						.as("horizontal overflow of " + route + " at " + size.getWidth() + " px")
						.isLessThanOrEqualTo(1L);
				}
			}
		}
		this.driver.manage().window().setSize(new Dimension(390, 844));
		open("/jobs");
		waitFor(By.cssSelector("#job-list table"));
		screenshot("phone-jobs");
		open("/models/browser-pets/versions/1");
		waitForImages("#top-losses img.heatmap", 1);
		screenshot("phone-version");
		this.driver.manage().window().setSize(new Dimension(1280, 800));
		for (String route : List.of("/", "/datasets", "/jobs", "/models", "/train")) {
			open(route);
			wait(30).until((d) -> d.findElements(By.cssSelector("main .loading")).isEmpty());
			screenshotFull(route.equals("/") ? "overview" : route.substring(1));
		}
	}

	private void open(String route) {
		this.driver.get("http://localhost:" + this.port + "/#" + route);
		waitFor(By.cssSelector("main h1"));
	}

	private void enterKey(String key) {
		WebElement input = waitFor(By.id("api-key"));
		input.clear();
		input.sendKeys(key);
		this.driver.findElement(By.id("save-key")).click();
	}

	private void waitForJob(String status, int seconds) {
		wait(20).until((d) -> {
			assertThat(
					(List<?>) script("return [...document.querySelectorAll('.form-status .error-title, .field-error')]"
							+ ".map((e) => e.textContent).filter((t) => t.trim())"))
				.as("errors of the submitted form")
				.isEmpty();
			return d.getCurrentUrl().contains("#/jobs/");
		});
		wait(seconds).until((d) -> {
			String current = (String) script("return document.querySelector('main').dataset.jobStatus || ''");
			assertThat(current).as("job status").isNotIn("FAILED", "CANCELLED");
			return status.equals(current);
		});
		wait(10).until((d) -> d.findElements(By.cssSelector("#job-result a.button")).size() == 1);
	}

	/**
	 * Waits until the job page shows this final status (any other final one fails at
	 * once).
	 */
	private void waitForFinalStatus(String status, int seconds) {
		waitForStatus("[A-Z]+", 20);
		wait(seconds).until((d) -> {
			String current = (String) script("return document.querySelector('main').dataset.jobStatus || ''");
			if (!status.equals(current) && List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(current)) {
				throw new AssertionError(
						"The job ended " + current + ": " + d.findElement(By.id("job-error")).getText());
			}
			return status.equals(current);
		});
	}

	private static String hint(WebElement form, String field) {
		return form.findElement(By.cssSelector("[data-field='" + field + "'] .hint")).getText();
	}

	private static WebElement input(WebElement form, String field) {
		return form.findElement(By.cssSelector("[data-field='" + field + "'] input"));
	}

	/** Waits until the job page shows the job in this status. */
	private void waitForStatus(String status, int seconds) {
		wait(20).until(ExpectedConditions.urlContains("#/jobs/"));
		wait(seconds)
			.until((d) -> String.valueOf(script("return document.querySelector('main').dataset.jobStatus || ''"))
				.matches(status));
	}

	private String datasetId(String name) {
		return ConsoleFixtures.datasetId(this.http, name);
	}

	/** Sets the input of a form field (found by its data-field) to a value. */
	private static void type(WebElement form, String field, String value) {
		WebElement input = form.findElement(By.cssSelector("[data-field='" + field + "'] input"));
		input.clear();
		input.sendKeys(value);
	}

	/**
	 * Fills form fields (found by their data-field): a choice by its value, a date input
	 * by its value (typed dates follow the browser's locale), any other input typed.
	 */
	private void fill(WebElement form, Map<String, String> values) {
		values.forEach((field, value) -> {
			WebElement control = form.findElement(
					By.cssSelector("[data-field='" + field + "'] input, " + "[data-field='" + field + "'] select"));
			if ("select".equals(control.getTagName())) {
				new Select(control).selectByValue(value);
			}
			else if ("date".equals(control.getDomAttribute("type"))) {
				script("arguments[0].value = arguments[1]", control, value);
			}
			else {
				control.clear();
				control.sendKeys(value);
			}
		});
	}

	private static Select select(WebElement form, String field) {
		return new Select(form.findElement(By.cssSelector("[data-field='" + field + "'] select")));
	}

	private WebElement waitFor(By by) {
		return wait(30).until(ExpectedConditions.visibilityOfElementLocated(by));
	}

	private WebDriverWait wait(int seconds) {
		return new WebDriverWait(this.driver, Duration.ofSeconds(seconds));
	}

	/**
	 * Waits until at least count images matching the selector are decoded and not empty.
	 */
	private void waitForImages(String selector, int count) {
		wait(60).until((d) -> (Long) script(ConsoleFixtures.DECODED_IMAGES, selector) >= count);
	}

	/** Pixels of a canvas in the colour of a chart's first series: a drawn curve. */
	private long drawnPixels(String canvas) {
		int[] colour = ConsoleFixtures.FIRST_SERIES;
		return (Long) script(ConsoleFixtures.DRAWN_PIXELS, canvas, colour[0], colour[1], colour[2]);
	}

	private Object script(String code, Object... arguments) {
		return ((JavascriptExecutor) this.driver).executeScript(code, arguments);
	}

	@SuppressWarnings("unchecked")
	private List<Object> recorded(String what) {
		Object value = script("return window.__test ? window.__test[arguments[0]] : []", what);
		return (value instanceof List<?> list) ? (List<Object>) list : List.of();
	}

	private void screenshot(String name) {
		try {
			Files.write(SCREENSHOTS.resolve(name + ".png"), this.driver.getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A screenshot of the whole page, at most 3000 px tall. */
	private void screenshotFull(String name) {
		Dimension size = this.driver.manage().window().getSize();
		script("window.scrollTo(0, 0)");
		long height = (Long) script("return document.documentElement.scrollHeight");
		this.driver.manage().window().setSize(new Dimension(size.getWidth(), (int) Math.min(3000, height + 120)));
		try {
			screenshot(name);
		}
		finally {
			this.driver.manage().window().setSize(size);
		}
	}

}
