package dev.lantern.vision;

import java.awt.Color;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.lantern.support.Http;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pets flow over HTTP: generate the sample dataset, train through the job
 * queue, classify PNG and JPEG images and read the interpretation.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class VisionEndToEndTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void samplePetsTrainThroughTheQueueAndClassify() throws Exception {
		JsonNode dataset = json(send(post("/api/v1/datasets/samples/pets", "application/json",
				"{\"name\":\"e2e-pets\",\"classes\":3,\"imagesPerClass\":40,\"size\":64,\"validPct\":0.25,\"seed\":11}"
					.getBytes(StandardCharsets.UTF_8)),
				201));
		String datasetId = dataset.get("id").asString();
		String spec = "{\"type\":\"vision-train\",\"spec\":{\"datasetId\":\"" + datasetId
				+ "\",\"modelName\":\"e2e-pets\",\"architecture\":\"simple-cnn\",\"pretrained\":false,"
				+ "\"imageSize\":32,\"batchSize\":16,\"frozenEpochs\":1,\"frozenLr\":0.01,\"unfrozenEpochs\":5,"
				+ "\"unfrozenLrMin\":0.002,\"unfrozenLrMax\":0.01,\"pctStart\":0.3,\"seed\":1}}";
		JsonNode job = json(send(post("/api/v1/jobs", "application/json", spec.getBytes(StandardCharsets.UTF_8)), 202));
		String jobId = job.get("id").asString();
		Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
		JsonNode state = job;
		while (Instant.now().isBefore(deadline)) {
			state = json(send(HttpRequest.newBuilder(uri("/api/v1/jobs/" + jobId)).GET().build(), 200));
			String status = state.get("status").asString();
			if (status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("CANCELLED")) {
				break;
			}
			Thread.sleep(500);
		}
		assertThat(state.get("status").asString()).as(state.toString()).isEqualTo("SUCCEEDED");
		assertThat(state.get("result").get("modelName").asString()).isEqualTo("e2e-pets");

		String boundary = UUID.randomUUID().toString();
		byte[] body = multipart(boundary, "bengal.png", "image/png",
				TestImages.png(TestImages.solid(64, 64, Color.GRAY)), "beagle.jpg", "image/jpeg",
				TestImages.jpeg(TestImages.solid(64, 64, Color.GRAY)));
		JsonNode classified = json(send(HttpRequest.newBuilder(uri("/api/v1/models/e2e-pets/classify?topK=2"))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build(), 200));
		assertThat(classified.get("results")).hasSize(2);
		assertThat(classified.get("results").get(0).get("predictions")).hasSize(2);

		JsonNode interpretation = json(
				send(HttpRequest.newBuilder(uri("/api/v1/models/e2e-pets/interpretation")).GET().build(), 200));
		assertThat(interpretation.get("errorRate").asDouble()).isLessThanOrEqualTo(0.1);
		assertThat(interpretation.get("labels")).hasSize(3);
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

	private static byte[] multipart(String boundary, Object... parts) {
		StringBuilder head = new StringBuilder();
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		for (int i = 0; i < parts.length; i += 3) {
			head.setLength(0);
			head.append("--")
				.append(boundary)
				.append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"")
				.append(parts[i])
				.append("\"\r\nContent-Type: ")
				.append(parts[i + 1])
				.append("\r\n\r\n");
			out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
			out.writeBytes((byte[]) parts[i + 2]);
			out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
		}
		out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return out.toByteArray();
	}

}
