package dev.lantern.vision.heatmap;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.lantern.support.Http;
import dev.lantern.datasets.Datasets;
import dev.lantern.vision.dataset.ImageManifest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Heatmaps of a model trained through the queue on generated pets, where the object that
 * decides the class sits at a known random place: the heat must point at it, the PNG must
 * decode at the requested size, and concurrent requests must answer as sequential ones.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeatmapEndToEndTests {

	private static final int SIZE = 96;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	Datasets datasets;

	private List<ImageManifest.Entry> heldOut;

	private Path datasetDirectory;

	@BeforeAll
	void trainOnGeneratedPets() throws Exception {
		JsonNode dataset = json(send(post("/api/v1/datasets/samples/pets", "application/json",
				("{\"name\":\"heat-pets\",\"classes\":3,\"imagesPerClass\":48,\"size\":" + SIZE
						+ ",\"validPct\":0.25,\"seed\":5}")
					.getBytes(StandardCharsets.UTF_8)),
				201));
		String datasetId = dataset.get("id").asString();
		this.datasetDirectory = this.datasets.directory(datasetId);
		this.heldOut = ImageManifest.read(this.datasetDirectory).split(ImageManifest.Split.VALID);
		String spec = "{\"type\":\"vision-train\",\"spec\":{\"datasetId\":\"" + datasetId
				+ "\",\"modelName\":\"heat-pets\",\"architecture\":\"simple-cnn\",\"pretrained\":false,"
				+ "\"imageSize\":" + SIZE + ",\"batchSize\":16,\"frozenEpochs\":1,\"frozenLr\":0.01,"
				+ "\"unfrozenEpochs\":6,\"unfrozenLrMin\":0.002,\"unfrozenLrMax\":0.01,\"pctStart\":0.3,\"seed\":1}}";
		String jobId = json(send(post("/api/v1/jobs", "application/json", spec.getBytes(StandardCharsets.UTF_8)), 202))
			.get("id")
			.asString();
		Instant deadline = Instant.now().plus(Duration.ofMinutes(8));
		JsonNode state;
		do {
			Thread.sleep(500);
			state = json(send(HttpRequest.newBuilder(uri("/api/v1/jobs/" + jobId)).GET().build(), 200));
		}
		while (List.of("QUEUED", "RUNNING").contains(state.get("status").asString())
				&& Instant.now().isBefore(deadline));
		assertThat(state.get("status").asString()).as(state.toString()).isEqualTo("SUCCEEDED");
	}

	@Test
	void heatPointsAtTheObjectThatDecidesTheClass() throws Exception {
		int hits = 0;
		List<String> misses = new ArrayList<>();
		for (ImageManifest.Entry entry : this.heldOut) {
			JsonNode heat = heatmapJson(Files.readAllBytes(this.datasetDirectory.resolve(entry.path())), "");
			int rows = heat.get("height").asInt();
			int columns = heat.get("width").asInt();
			int bestRow = 0;
			int bestColumn = 0;
			for (int r = 0; r < rows; r++) {
				for (int c = 0; c < columns; c++) {
					if (heat.get("grid").get(r).get(c).asDouble() > heat.get("grid")
						.get(bestRow)
						.get(bestColumn)
						.asDouble()) {
						bestRow = r;
						bestColumn = c;
					}
				}
			}
			// A cell's receptive field is centred on pixel stride * index (see
			// HeatmapOverlay).
			double x = bestColumn * (double) SIZE / columns;
			double y = bestRow * (double) SIZE / rows;
			ImageManifest.Box box = entry.box();
			if (x >= box.x() && x <= box.x() + box.width() && y >= box.y() && y <= box.y() + box.height()) {
				hits++;
			}
			else {
				misses.add(entry.path() + " peak (" + x + ", " + y + ") box " + box);
			}
		}
		System.out.printf("Pointing game: %d of %d held-out images%n", hits, this.heldOut.size());
		assertThat(this.heldOut).hasSizeGreaterThanOrEqualTo(30);
		assertThat((double) hits / this.heldOut.size()).as("pointing game misses: %s", misses)
			.isGreaterThanOrEqualTo(0.9);
	}

	@Test
	void jsonNamesTheClassAndTheGrid() throws Exception {
		byte[] image = Files.readAllBytes(this.datasetDirectory.resolve(this.heldOut.get(0).path()));
		JsonNode heat = heatmapJson(image, "?class=1&method=mean&topK=2");
		assertThat(heat.get("classIndex").asInt()).isEqualTo(1);
		assertThat(heat.get("method").asString()).isEqualTo("mean");
		assertThat(heat.get("height").asInt()).isEqualTo(SIZE / 16);
		assertThat(heat.get("grid")).hasSize(SIZE / 16);
		assertThat(heat.get("top")).hasSize(2);
		JsonNode byLabel = heatmapJson(image, "?class=" + heat.get("classLabel").asString());
		assertThat(byLabel.get("classIndex").asInt()).isEqualTo(1);
	}

	@Test
	void pngDecodesAtTheRequestedSize() throws Exception {
		byte[] image = Files.readAllBytes(this.datasetDirectory.resolve(this.heldOut.get(0).path()));
		HttpResponse<byte[]> response = this.client
			.send(HttpRequest.newBuilder(uri("/api/v1/models/heat-pets/heatmap?size=200&colormap=viridis&alpha=0.5"))
				.header("Content-Type", "image/jpeg")
				.header("Accept", "image/png")
				.POST(HttpRequest.BodyPublishers.ofByteArray(image))
				.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
		BufferedImage png = ImageIO.read(new ByteArrayInputStream(response.body()));
		assertThat(png.getWidth()).isEqualTo(200);
		assertThat(png.getHeight()).isEqualTo(200);
	}

	@Test
	void pngUnlessTheClientPrefersJson() throws Exception {
		byte[] image = Files.readAllBytes(this.datasetDirectory.resolve(this.heldOut.get(0).path()));
		for (String accept : List.of("*/*", "image/png", "image/png, application/json;q=0.5")) {
			HttpResponse<byte[]> response = this.client
				.send(HttpRequest.newBuilder(uri("/api/v1/models/heat-pets/heatmap"))
					.header("Content-Type", "image/jpeg")
					.header("Accept", accept)
					.POST(HttpRequest.BodyPublishers.ofByteArray(image))
					.build(), HttpResponse.BodyHandlers.ofByteArray());
			assertThat(response.headers().firstValue("Content-Type")).as(accept).hasValue("image/png");
		}
		HttpResponse<String> json = this.client.send(HttpRequest.newBuilder(uri("/api/v1/models/heat-pets/heatmap"))
			.header("Content-Type", "image/jpeg")
			.header("Accept", "application/json, image/png;q=0.2")
			.POST(HttpRequest.BodyPublishers.ofByteArray(image))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
	}

	@Test
	void badSettingsAreNamed() throws Exception {
		byte[] image = Files.readAllBytes(this.datasetDirectory.resolve(this.heldOut.get(0).path()));
		for (String query : List.of("?method=saliency", "?colormap=rainbow", "?class=no-such-breed", "?class=7",
				"?alpha=2", "?size=4")) {
			HttpResponse<String> response = this.client.send(heatmapRequest(image, query),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
	}

	@Test
	void concurrentHeatmapsAndClassificationsAnswerAsSequentialOnes() throws Exception {
		List<byte[]> images = new ArrayList<>();
		for (ImageManifest.Entry entry : this.heldOut.subList(0, 6)) {
			images.add(Files.readAllBytes(this.datasetDirectory.resolve(entry.path())));
		}
		// Heatmaps run one image per pass, so they repeat exactly; classifications may
		// share a
		// batch with other requests, where oneDNN's kernels round differently in the last
		// bits.
		List<Callable<JsonNode>> calls = new ArrayList<>();
		for (byte[] image : images) {
			calls.add(() -> heatmapJson(image, "").get("grid"));
			calls.add(() -> JSON.readTree(classify(image)));
		}
		List<JsonNode> sequential = new ArrayList<>();
		for (Callable<JsonNode> call : calls) {
			sequential.add(call.call());
		}
		ExecutorService pool = Executors.newFixedThreadPool(6);
		try {
			for (int round = 0; round < 2; round++) {
				List<Future<JsonNode>> futures = pool.invokeAll(calls);
				for (int i = 0; i < calls.size(); i++) {
					JsonNode concurrent = futures.get(i).get();
					if (i % 2 == 0) {
						assertThat(concurrent).as("heatmap %d", i / 2).isEqualTo(sequential.get(i));
					}
					else {
						assertSameClassification(concurrent, sequential.get(i));
					}
				}
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static void assertSameClassification(JsonNode actual, JsonNode expected) {
		JsonNode actualPredictions = actual.get(0).get("predictions");
		JsonNode expectedPredictions = expected.get(0).get("predictions");
		assertThat(actualPredictions).hasSameSizeAs(expectedPredictions);
		for (int k = 0; k < expectedPredictions.size(); k++) {
			assertThat(actualPredictions.get(k).get("label")).isEqualTo(expectedPredictions.get(k).get("label"));
			assertThat(actualPredictions.get(k).get("probability").asDouble())
				.isCloseTo(expectedPredictions.get(k).get("probability").asDouble(), within(1e-5));
		}
	}

	private JsonNode heatmapJson(byte[] image, String query) throws Exception {
		return json(send(heatmapRequest(image, query), 200));
	}

	private HttpRequest heatmapRequest(byte[] image, String query) {
		return HttpRequest.newBuilder(uri("/api/v1/models/heat-pets/heatmap" + query))
			.header("Content-Type", "image/jpeg")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(image))
			.build();
	}

	private String classify(byte[] image) throws Exception {
		return json(send(HttpRequest.newBuilder(uri("/api/v1/models/heat-pets/classify?topK=3"))
			.header("Content-Type", "image/jpeg")
			.POST(HttpRequest.BodyPublishers.ofByteArray(image))
			.build(), 200)).get("results").toString();
	}

	private HttpRequest post(String path, String type, byte[] body) {
		return new Http(this.port).authorizedPost(path, type, body);
	}

	private URI uri(String path) {
		return new Http(this.port).uri(path);
	}

	private String send(HttpRequest request, int expected) {
		return new Http(this.port).expect(request, expected);
	}

	private static JsonNode json(String body) {
		return JSON.readTree(body);
	}

}
