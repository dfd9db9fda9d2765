package dev.lantern.vision.weights;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.lantern.support.Http;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pretrained weights endpoints in the running application, on the migrated database
 * and the real model store: import PyTorch's safetensors file, list, read, delete; a
 * hostile checkpoint is a 400 problem that stores nothing, and the service stays healthy.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PretrainedWeightsApplicationTests {

	private static final String KEY = "Bearer test-key";

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	@Test
	void importsListsAndDeletesWeightsAndRefusesAHostileCheckpoint() throws Exception {
		Http http = new Http(this.port);
		HttpResponse<String> hostile = http.postFile("/api/v1/pretrained", "evil.pth",
				Files.readAllBytes(WeightsFixtures.path("hostile-reduce.pth")), "Authorization", KEY);
		assertThat(hostile.statusCode()).as(hostile.body()).isEqualTo(400);
		assertThat(hostile.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(this.json.readTree(hostile.body()).get("detail").asString()).contains("'posix.system'");

		HttpResponse<String> created = http.postFile("/api/v1/pretrained?architecture=resnet18", "basic.safetensors",
				Files.readAllBytes(WeightsFixtures.path("basic.safetensors")), "Authorization", KEY);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode info = this.json.readTree(created.body());
		String id = info.get("id").asString();
		assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/pretrained/" + id);
		assertThat(info.get("format").asString()).isEqualTo("safetensors");
		assertThat(info.get("baseWidth").asInt()).isEqualTo(4);

		JsonNode list = this.json.readTree(http.get("/api/v1/pretrained").body());
		assertThat(list.findValuesAsString("id")).containsExactly(id);
		assertThat(http.get("/api/v1/pretrained/" + id).statusCode()).isEqualTo(200);
		assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);

		HttpClient client = HttpClient.newHttpClient();
		HttpRequest delete = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/pretrained/" + id))
			.header("Authorization", KEY)
			.DELETE()
			.build();
		assertThat(client.send(delete, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(204);
		assertThat(http.get("/api/v1/pretrained/" + id).statusCode()).isEqualTo(404);
	}

}
