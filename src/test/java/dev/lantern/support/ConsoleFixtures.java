package dev.lantern.support;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.lantern.vision.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the console's browser tests share, whichever browser runs them: the data they
 * upload or type, the form values of their walkthroughs, and the checks they run in the
 * page (each a function body taking {@code arguments}, for Selenium's
 * {@code executeScript} and {@link FirefoxBiDi#call} alike).
 */
public final class ConsoleFixtures {

	/** A label that would run a script if a page put it into HTML. */
	public static final String XSS_LABEL = "<img src=x onerror=alert(1)>";

	/** Records script errors, policy violations and alerts in every document. */
	public static final String RECORDER = """
			window.__test = { violations: [], errors: [], alerts: [] };
			document.addEventListener('securitypolicyviolation',
				(e) => window.__test.violations.push(e.violatedDirective + ' ' + e.blockedURI));
			window.addEventListener('error', (e) => window.__test.errors.push(String(e.message)));
			window.addEventListener('unhandledrejection', (e) => window.__test.errors.push(String(e.reason)));
			window.alert = (message) => window.__test.alerts.push(String(message));
			window.confirm = () => true;
			""";

	/** A small Rossmann-like CSV: an integer, a date, a missing value, a category. */
	public static final String STORES_CSV = "Store,Date,Sales,StateHoliday\n1,2015-07-31,5263,0\n2,2015-07-31,6064,a\n"
			+ "3,2015-07-30,,0\n";

	/** One record for a Rossmann model's predict form, field by field. */
	public static final Map<String, String> PREDICT_RECORD = ordered("Store", "1", "Date", "2013-05-02", "Promo", "1",
			"StateHoliday", "0", "SchoolHoliday", "0");

	/**
	 * A short unfrozen sweep on the width-4 ResNet-18 of {@code basic.pth}, over rates a
	 * tiny net trains at without diverging (a training takes one of its suggestions);
	 * with {@code stopDiv} off it runs to the end.
	 */
	public static final Map<String, String> VISION_FINDER_ON_WEIGHTS = ordered("architecture", "resnet18", "width", "4",
			"stage", "unfrozen", "iterations", "30", "startLr", "1e-4", "endLr", "0.01", "imageSize", "32", "batchSize",
			"16");

	/** How many images the selector finds are decoded and not empty. */
	public static final String DECODED_IMAGES = "return [...document.querySelectorAll(arguments[0])]"
			+ ".filter((i) => i.complete && i.naturalWidth > 0).length";

	/** Pixels of a canvas within 40 of the colour (r, g, b): a drawn curve. */
	public static final String DRAWN_PIXELS = """
			const c = document.querySelector(arguments[0]);
			if (!c) { return 0; }
			const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
			let n = 0;
			for (let i = 0; i < d.length; i += 4) {
				if (d[i + 3] > 200 && Math.abs(d[i] - arguments[1]) < 40 && Math.abs(d[i + 1] - arguments[2]) < 40
						&& Math.abs(d[i + 2] - arguments[3]) < 40) { n++; }
			}
			return n;""";

	/** The colour of a chart's first series (uPlot's stroke in {@code lib/charts.js}). */
	public static final int[] FIRST_SERIES = { 31, 119, 180 };

	/** The outer HTML of every form control with no label. */
	public static final String UNLABELLED_CONTROLS = """
			return [...document.querySelectorAll('input, select, textarea')]
				.filter((c) => c.type !== 'hidden' && !c.labels?.length && !c.getAttribute('aria-label'))
				.map((c) => c.outerHTML)""";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ConsoleFixtures() {
	}

	/** A zip of two small PNGs in a folder per label. */
	public static byte[] zipOfImages(String... labels) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		Color[] colours = { Color.RED, Color.BLUE, Color.GREEN, Color.ORANGE };
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			int n = 0;
			for (String label : labels) {
				for (int i = 1; i <= 2; i++) {
					zip.putNextEntry(new ZipEntry(label + "/image_" + i + ".png"));
					zip.write(TestImages.png(TestImages.solid(32, 32, colours[n++ % colours.length])));
					zip.closeEntry();
				}
			}
		}
		return bytes.toByteArray();
	}

	/** The id of the newest dataset of this name. */
	public static String datasetId(Http http, String name) {
		for (JsonNode dataset : JSON.readTree(http.get("/api/v1/datasets").body())) {
			if (name.equals(dataset.get("name").asString())) {
				return dataset.get("id").asString();
			}
		}
		throw new IllegalStateException("No dataset named " + name);
	}

	/** The id of what an API call created (200 or 201). */
	public static String createdId(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
		return JSON.readTree(response.body()).get("id").asString();
	}

	private static Map<String, String> ordered(String... keysAndValues) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put(keysAndValues[i], keysAndValues[i + 1]);
		}
		return java.util.Collections.unmodifiableMap(map);
	}

}
