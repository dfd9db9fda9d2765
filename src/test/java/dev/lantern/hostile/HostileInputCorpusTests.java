package dev.lantern.hostile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.lantern.vision.weights.WeightsFixtures;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile-input corpus: requests an attacker or a confused user would send, against a
 * server holding a trained tabular and a trained vision model. Every case must be refused
 * with its problem, leave the service ready and leave what was stored (files of the data
 * directory and rows of the database) byte for byte unchanged.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "lantern.data-dir=target/hostile-data", "lantern.security.protect-inference=false" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputCorpusTests {

	static final List<HostileCases> SOURCES = List.of(new HttpLevelCases(), new JobSpecCases(), new UploadCases(),
			new ArtifactCases(), new InferenceCases(), new ImageCases(), new DataCases(), new WeightsCases());

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<String> TABLES = List.of("datasets", "models", "model_versions", "jobs");

	@LocalServerPort
	int port;

	@Value("${lantern.data-dir}")
	Path dataDir;

	@Autowired
	JdbcTemplate jdbc;

	private HostileFixture fixture;

	@BeforeAll
	void trainTheModelsTheCasesAttack() throws Exception {
		HostileFixture bare = new HostileFixture(this.port, "test-key", "hostile-sales", "hostile-pets", null, null);
		String rossmann = JSON
			.readTree(expect(bare,
					bare.authorized("/api/v1/datasets/samples/rossmann?stores=4&days=90&seed=3")
						.POST(HttpRequest.BodyPublishers.noBody())
						.build(),
					201))
			.get("id")
			.asString();
		String pets = JSON
			.readTree(expect(bare, bare.authorized("/api/v1/datasets/samples/pets")
				.header("Content-Type", "application/json")
				.POST(body("{\"name\":\"hostile-pets\",\"classes\":2,\"imagesPerClass\":8,\"size\":32,\"seed\":5}"))
				.build(), 201))
			.get("id")
			.asString();
		this.fixture = new HostileFixture(this.port, "test-key", "hostile-sales", "hostile-pets", rossmann, pets);
		String sales = submit("{\"type\":\"tabular-train\",\"spec\":{\"model\":\"hostile-sales\",\"datasetId\":\""
				+ rossmann + "\",\"layers\":[8],\"ps\":[0.0],\"epochs\":1,\"batchSize\":64}}");
		String vision = submit("{\"type\":\"vision-train\",\"spec\":{\"datasetId\":\"" + pets
				+ "\",\"modelName\":\"hostile-pets\",\"architecture\":\"simple-cnn\",\"pretrained\":false,"
				+ "\"imageSize\":32,\"batchSize\":8,\"frozenEpochs\":0,\"unfrozenEpochs\":1}}");
		awaitSuccess(sales);
		awaitSuccess(vision);
		HostileResponse weights = UploadCases.upload(this.fixture, "/api/v1/pretrained", "resnet18-w4.safetensors",
				Files.readAllBytes(WeightsFixtures.path("basic.safetensors")));
		assertThat(weights.status()).as(weights.body()).isEqualTo(201);
	}

	@TestFactory
	Stream<DynamicTest> everyCaseIsRefusedWithItsProblemAndChangesNothing() {
		return SOURCES.stream()
			.flatMap((source) -> source.cases().stream())
			.map((hostile) -> DynamicTest.dynamicTest(hostile.toString(), () -> check(hostile)));
	}

	private void check(HostileCase hostile) {
		String before = storedState();
		HostileResponse response = hostile.exchange().apply(this.fixture);
		assertThat(response.status()).as("status of %s: %s", hostile, response.body()).isEqualTo(hostile.status());
		assertThat(response.header("Content-Type")).as("content type of %s", hostile)
			.startsWith("application/problem+json");
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.path("status").asInt()).as(response.body()).isEqualTo(hostile.status());
		assertThat(problem.path("type").asString()).as(response.body()).startsWith("https://lantern.dev/problems/");
		assertThat(problem.path("title").asString()).as(response.body()).isNotBlank();
		assertThat(problem.path("detail").asString()).as(response.body()).isNotBlank();
		assertThat(response.body()).as("problem of %s", hostile)
			.doesNotContain("Exception")
			.doesNotContain("java.")
			.doesNotContain("\tat ");
		for (String mention : hostile.mentions()) {
			assertThat(response.body()).as("problem of %s", hostile).contains(mention);
		}
		HostileResponse ready = this.fixture
			.send(HttpRequest.newBuilder(this.fixture.uri("/actuator/health/readiness")).GET().build());
		assertThat(ready.status()).as("readiness after %s: %s", hostile, ready.body()).isEqualTo(200);
		assertThat(storedState()).as("what was stored, after %s", hostile).isEqualTo(before);
	}

	/** A digest of every file under the data directory and every row of the tables. */
	private String storedState() {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			try (Stream<Path> files = Files.walk(this.dataDir)) {
				for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
					digest.update(this.dataDir.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
					digest.update(Files.readAllBytes(file));
				}
			}
			for (String table : TABLES) {
				for (var row : this.jdbc.queryForList("SELECT * FROM " + table + " ORDER BY 1")) {
					digest.update(row.toString().getBytes(StandardCharsets.UTF_8));
				}
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String submit(String job) {
		return JSON
			.readTree(expect(this.fixture,
					this.fixture.authorized("/api/v1/jobs")
						.header("Content-Type", "application/json")
						.POST(body(job))
						.build(),
					202))
			.get("id")
			.asString();
	}

	private void awaitSuccess(String job) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
		JsonNode state = null;
		while (Instant.now().isBefore(deadline)) {
			state = JSON.readTree(
					this.fixture.send(HttpRequest.newBuilder(this.fixture.uri("/api/v1/jobs/" + job)).GET().build())
						.body());
			if (state.path("status").asString().matches("SUCCEEDED|FAILED|CANCELLED")) {
				break;
			}
			Thread.sleep(250);
		}
		assertThat(state.path("status").asString()).as(String.valueOf(state)).isEqualTo("SUCCEEDED");
	}

	private static String expect(HostileFixture fixture, HttpRequest request, int status) {
		HostileResponse response = fixture.send(request);
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		return response.body();
	}

	static HttpRequest.BodyPublisher body(String text) {
		return HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8);
	}

	static {
		FileSystemUtils.deleteRecursively(Path.of("target/hostile-data").toFile());
	}

}
