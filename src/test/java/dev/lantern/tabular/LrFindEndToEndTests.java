package dev.lantern.tabular;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The learning-rate finder, {@code "auto"} rates and the kept plots through the HTTP API:
 * job artifacts, version artifacts, bad rates and cancellation.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LrFindEndToEndTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	@Test
	void findsTrainsAutomaticallyAndServesThePlots() throws Exception {
		String datasetId = dataset();
		JsonNode finder = await(submit("""
				{"type": "tabular-lr-find", "spec": {"datasetId": "%s", "layers": [32], "ps": [0.01],
				 "batchSize": 64, "iterations": 40, "validDays": 14}}""".formatted(datasetId)));
		assertThat(finder.get("status").asString()).isEqualTo("SUCCEEDED");
		JsonNode details = finder.get("result").get("details");
		assertThat(details.get("lrs").size()).isEqualTo(details.get("steps").asInt());
		assertThat(details.get("suggestions").has("valley")).isTrue();
		String id = finder.get("id").asString();
		JsonNode files = read(raw("GET", "/api/v1/jobs/" + id + "/artifacts", null), 200);
		assertThat(files.findValuesAsString("name")).containsExactly("lr-find.json", "lr-find.png");
		HttpResponse<byte[]> png = bytes("/api/v1/jobs/" + id + "/artifacts/lr-find.png");
		assertThat(png.statusCode()).isEqualTo(200);
		assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
		assertThat(png.body()).startsWith(0x89, 'P', 'N', 'G');
		assertThat(read(raw("GET", "/api/v1/jobs/" + id + "/artifacts/training-losses.png", null), 404).get("detail")
			.asString()).contains("training-losses.png");

		JsonNode trained = await(submit("""
				{"type": "tabular-train", "spec": {"model": "lr-auto", "datasetId": "%s", "layers": [32],
				 "ps": [0.01], "batchSize": 64, "epochs": 1, "learningRate": "auto", "validDays": 14}}"""
			.formatted(datasetId)));
		assertThat(trained.get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(trained.get("spec").get("learningRate").asString()).isEqualTo("auto");
		JsonNode result = trained.get("result").get("details");
		double valley = result.get("lrFind").get("suggestions").get("valley").asDouble();
		assertThat(result.get("learningRate").asDouble()).isEqualTo(valley);
		int version = trained.get("result").get("modelVersion").asInt();
		String versionPath = "/api/v1/models/lr-auto/versions/" + version;
		assertThat(read(raw("GET", versionPath, null), 200).get("metrics").get("learning_rate").asDouble())
			.isEqualTo(valley);
		JsonNode versionFiles = read(raw("GET", versionPath + "/artifacts", null), 200);
		assertThat(versionFiles.findValuesAsString("name")).contains("lr-find.png", "training-curves.json",
				"training-losses.png", "training-metrics.png", "model.zip");
		assertThat(bytes(versionPath + "/artifacts/training-losses.png").body()).startsWith(0x89, 'P', 'N', 'G');
		JsonNode curves = read(raw("GET", versionPath + "/artifacts/training-curves.json", null), 200);
		assertThat(curves.get("epochs").size()).isEqualTo(1);
		assertThat(raw("GET", versionPath + "/artifacts/nothing.png", null).statusCode()).isEqualTo(404);
		assertThat(raw("GET", versionPath + "/artifacts/a..b", null).statusCode()).isEqualTo(400);
		assertThat(raw("GET", "/api/v1/models/lr-auto/versions/999/artifacts", null).statusCode()).isEqualTo(404);
	}

	@Test
	void refusesBadRatesNamingTheField() throws Exception {
		String base = """
				{"type": "tabular-train", "spec": {"model": "lr-bad", "datasetId": "d", "learningRate": %s}}""";
		for (String rate : new String[] { "\"fast\"", "0", "-1", "11", "1e400", "\"NaN\"", "true", "[0.1]" }) {
			JsonNode problem = read(raw("POST", "/api/v1/jobs", base.formatted(rate)), 400);
			assertThat(problem.get("field").asString()).as(rate).isEqualTo("spec.learningRate");
		}
		String finder = """
				{"type": "tabular-lr-find", "spec": {"datasetId": "d", %s}}""";
		String[][] cases = { { "\"startLr\": 0", "spec.startLr" }, { "\"endLr\": 10.5", "spec.endLr" },
				{ "\"startLr\": 1, \"endLr\": 0.5", "spec.startLr" }, { "\"iterations\": 9", "spec.iterations" },
				{ "\"iterations\": 1001", "spec.iterations" }, { "\"startLr\": \"NaN\"", "spec.startLr" },
				{ "\"endLr\": \"Infinity\"", "spec.endLr" } };
		for (String[] bad : cases) {
			JsonNode problem = read(raw("POST", "/api/v1/jobs", finder.formatted(bad[0])), 400);
			assertThat(problem.get("field").asString()).as(bad[0]).isEqualTo(bad[1]);
		}
		JsonNode vision = read(raw("POST", "/api/v1/jobs", """
				{"type": "vision-lr-find", "spec": {"datasetId": "d", "stage": "thawed"}}"""), 400);
		assertThat(vision.get("field").asString()).isEqualTo("spec.stage");
		JsonNode visionRate = read(raw("POST", "/api/v1/jobs", """
				{"type": "vision-train", "spec": {"datasetId": "d", "modelName": "m", "frozenLr": "soon"}}"""), 400);
		assertThat(visionRate.get("field").asString()).isEqualTo("spec.frozenLr");
	}

	@Test
	void cancelsAFinderLikeAnyJob() throws Exception {
		String datasetId = dataset();
		JsonNode job = submit("""
				{"type": "tabular-lr-find", "spec": {"datasetId": "%s", "layers": [32], "ps": [0.01],
				 "batchSize": 16, "iterations": 1000, "stopDiv": false, "validDays": 14}}""".formatted(datasetId));
		String id = job.get("id").asString();
		Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
		while (!"RUNNING".equals(job.get("status").asString()) && Instant.now().isBefore(deadline)) {
			Thread.sleep(50);
			job = read(raw("GET", "/api/v1/jobs/" + id, null), 200);
		}
		read(raw("POST", "/api/v1/jobs/" + id + "/cancel", ""), 202);
		JsonNode ended = await(job);
		assertThat(ended.get("status").asString()).isEqualTo("CANCELLED");
		assertThat(read(raw("GET", "/api/v1/jobs/" + id + "/artifacts", null), 200)).isEmpty();
	}

	private String dataset() throws Exception {
		return read(raw("POST", "/api/v1/datasets/samples/rossmann?stores=8&days=120&sigma=0.1&seed=7", null), 201)
			.get("id")
			.asString();
	}

	private JsonNode submit(String body) throws Exception {
		return read(raw("POST", "/api/v1/jobs", body), 202);
	}

	private JsonNode await(JsonNode job) throws Exception {
		String id = job.get("id").asString();
		Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
		while (!isFinished(job) && Instant.now().isBefore(deadline)) {
			Thread.sleep(200);
			job = read(raw("GET", "/api/v1/jobs/" + id, null), 200);
		}
		return job;
	}

	private static boolean isFinished(JsonNode job) {
		String status = job.get("status").asString();
		return "SUCCEEDED".equals(status) || "FAILED".equals(status) || "CANCELLED".equals(status);
	}

	private JsonNode read(HttpResponse<String> response, int expectedStatus) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
		return this.json.readTree(response.body());
	}

	private HttpResponse<byte[]> bytes(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", "Bearer test-key")
			.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private HttpResponse<String> raw(String method, String path, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", "Bearer test-key")
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
