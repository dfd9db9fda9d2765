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

import dev.lantern.tabular.rossmann.RossmannSamples;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole tabular flow over HTTP: generate a sample, train through the job queue (an
 * unknown preset refused at submission), predict JSON and CSV, read the summary. Needs
 * the job queue, the model registry and the inference runtime, which live outside this
 * feature.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TabularEndToEndTests {

	private static final double SIGMA = 0.1;

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	@Test
	void generatesTrainsAndPredicts() throws Exception {
		JsonNode dataset = send("POST",
				"/api/v1/datasets/samples/rossmann?stores=30&days=420&sigma=" + SIGMA + "&seed=42&start=2014-01-01",
				null, "application/json", 201);
		String datasetId = dataset.get("id").asString();
		String spec = """
				{"type": "tabular-train", "spec": {"model": "e2e-sales", "datasetId": "%s", "layers": [200, 100],
				 "ps": [0.001, 0.01], "epochs": 8, "learningRate": 0.01, "batchSize": 128, "validDays": 14}}"""
			.formatted(datasetId);
		JsonNode unknownPreset = send("POST", "/api/v1/jobs",
				spec.replace("\"model\": \"e2e-sales\"", "\"model\": \"e2e-sales\", \"preset\": \"walmart\""),
				"application/json", 400);
		assertThat(unknownPreset.get("field").asString()).isEqualTo("spec.preset");
		assertThat(unknownPreset.get("detail").asString()).contains("known presets: none, rossmann");
		JsonNode job = send("POST", "/api/v1/jobs", spec, "application/json", 202);
		String jobId = job.get("id").asString();
		Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
		while (!isFinished(job) && Instant.now().isBefore(deadline)) {
			Thread.sleep(1000);
			job = send("GET", "/api/v1/jobs/" + jobId, null, "application/json", 200);
		}
		assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.get("history").size()).isEqualTo(8);
		double rmspe = job.get("result").get("details").get("metrics").get("rmspe").asDouble();
		assertThat(rmspe).isLessThan(1.3 * RossmannSamples.rmspeFloor(SIGMA));
		int version = job.get("result").get("modelVersion").asInt();

		JsonNode predictions = send("POST", "/api/v1/models/e2e-sales/predict", """
				{"records": [
				  {"Store": 1, "Date": "2015-02-10", "Promo": 1, "StateHoliday": "0", "SchoolHoliday": 0},
				  {"Store": 9999, "Date": "2015-02-10", "Promo": 0, "StateHoliday": "0", "SchoolHoliday": 0}]}""",
				"application/json", 200);
		assertThat(predictions.get("version").asInt()).isEqualTo(version);
		assertThat(predictions.get("predictions").get(0).get("prediction").asDouble()).isPositive();
		assertThat(predictions.get("predictions").get(1).get("unseen").get(0).asString()).isEqualTo("Store");

		HttpResponse<String> csv = raw("POST", "/api/v1/models/e2e-sales/predict",
				"Store,Date,Promo,StateHoliday,SchoolHoliday\n1,2015-02-10,1,0,0\n", "text/csv");
		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.body().lines().findFirst())
			.hasValue("Store,Date,Promo,StateHoliday,SchoolHoliday,prediction,unseen");

		JsonNode missing = send("POST", "/api/v1/models/e2e-sales/predict",
				"{\"records\": [{\"Store\": 1, \"Date\": \"2015-02-10\"}]}", "application/json", 400);
		assertThat(missing.get("record").asInt()).isZero();

		JsonNode summary = send("GET", "/api/v1/models/e2e-sales/versions/" + version + "/summary", null,
				"application/json", 200);
		assertThat(summary.get("embeddings").get(0).get("column").asString()).isEqualTo("Store");
	}

	private static boolean isFinished(JsonNode job) {
		String status = job.get("status").asString();
		return "SUCCEEDED".equals(status) || "FAILED".equals(status) || "CANCELLED".equals(status);
	}

	private JsonNode send(String method, String path, String body, String contentType, int expectedStatus)
			throws Exception {
		HttpResponse<String> response = raw(method, path, body, contentType);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
		return this.json.readTree(response.body());
	}

	private HttpResponse<String> raw(String method, String path, String body, String contentType) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", "Bearer test-key")
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", contentType);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
