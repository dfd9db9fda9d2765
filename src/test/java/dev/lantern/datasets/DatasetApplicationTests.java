package dev.lantern.datasets;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dataset endpoints in the running application, with the real store on the migrated
 * database: generate a Rossmann sample, upload a CSV, read, list, delete. The registry
 * and the inference runtime, which these endpoints do not use, are mocked.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DatasetApplicationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	@Autowired
	DatasetStore store;

	@Test
	void generatesUploadsListsAndDeletesDatasets() throws Exception {
		HttpResponse<String> sample = send(
				HttpRequest.newBuilder(uri("/api/v1/datasets/samples/rossmann?stores=4&days=30"))
					.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(sample.statusCode()).as(sample.body()).isEqualTo(201);
		JsonNode generated = this.json.readTree(sample.body());
		String sampleId = generated.get("id").asString();
		assertThat(generated.get("report").get("rows").asInt()).isEqualTo(120);
		Path directory = this.store.directory(sampleId);
		assertThat(Files.readAllLines(directory.resolve("train.csv"))).hasSize(121);

		String boundary = "lantern-boundary";
		String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"shops.csv\"\r\n"
				+ "Content-Type: text/csv\r\n\r\nshop,sales\r\n1,\"1,5\"\r\n2,3\r\n--" + boundary + "--\r\n";
		HttpResponse<String> upload = send(HttpRequest.newBuilder(uri("/api/v1/datasets?name=shops"))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
		assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
		JsonNode uploaded = this.json.readTree(upload.body());
		assertThat(uploaded.get("name").asString()).isEqualTo("shops");
		assertThat(uploaded.get("report").get("columns").get(1).get("type").asString()).isEqualTo("text");
		String uploadId = uploaded.get("id").asString();

		HttpResponse<String> list = send(HttpRequest.newBuilder(uri("/api/v1/datasets")).GET());
		assertThat(this.json.readTree(list.body()).findValuesAsString("id")).contains(sampleId, uploadId);

		HttpResponse<String> bad = send(HttpRequest.newBuilder(uri("/api/v1/datasets"))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofString(body.replace("2,3", "2,3,4"), StandardCharsets.UTF_8)));
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(bad.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(this.json.readTree(bad.body()).get("record").asInt()).isEqualTo(2);

		assertThat(send(HttpRequest.newBuilder(uri("/api/v1/datasets/" + uploadId)).DELETE()).statusCode())
			.isEqualTo(204);
		assertThat(send(HttpRequest.newBuilder(uri("/api/v1/datasets/" + uploadId)).GET()).statusCode()).isEqualTo(404);
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.header("Authorization", "Bearer test-key").build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
