package dev.lantern.models.registry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.lantern.models.Inference;
import dev.lantern.models.ModelPublisher;
import dev.lantern.models.NewModelVersion;
import dev.lantern.models.WeightsSource;
import dev.lantern.models.store.ModelStore;
import dev.lantern.models.tiny.ScoreOperation;
import dev.lantern.models.tiny.TinyModelKind;
import dev.lantern.models.tiny.TinyModelTest;
import dev.lantern.system.errors.InvalidInputException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@TinyModelTest
class ModelRegistryTests {

	private static final String KEY = "Bearer test-key";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	MockMvc mvc;

	@Autowired
	ModelPublisher publisher;

	@Autowired
	Inference inference;

	@Autowired
	ScoreOperation score;

	@Autowired
	ModelStore store;

	@Autowired
	JdbcClient jdbc;

	@Test
	void versionsAreNumberedAndTheFirstIsTheDefault() throws Exception {
		this.publisher.publish(TinyModelKind.version("numbered", 1));
		this.publisher.publish(TinyModelKind.version("numbered", 2));
		this.mvc.perform(get("/api/v1/models/numbered"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.defaultVersion").value(1))
			.andExpect(jsonPath("$.versions[0].version").value(1))
			.andExpect(jsonPath("$.versions[0].isDefault").value(true))
			.andExpect(jsonPath("$.versions[1].version").value(2))
			.andExpect(jsonPath("$.versions[1].isDefault").value(false))
			.andExpect(jsonPath("$.versions[1].kind").value("tiny"))
			.andExpect(jsonPath("$.versions[1].labels[1]").value("dog"))
			.andExpect(jsonPath("$.versions[1].metrics.accuracy").value(0.5))
			.andExpect(jsonPath("$.versions[1].inputSchema.seed").value(2));
		this.mvc.perform(get("/api/v1/models"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[?(@.name == 'numbered')].latestVersion").value(hasItem(2)))
			.andExpect(jsonPath("$[?(@.name == 'numbered')].kind").value(hasItem("tiny")));
		assertThat(this.store.root().resolve("numbered/2/model.zip")).isRegularFile();
	}

	@Test
	void aVersionWithAMetricThatIsNotFiniteIsNeverRegisteredNorMadeTheDefault() throws Exception {
		this.publisher.publish(TinyModelKind.version("diverging", 1));
		NewModelVersion good = TinyModelKind.version("diverging", 2);
		NewModelVersion diverged = new NewModelVersion(good.name(), good.kind(), null, false, good.inputSchema(),
				good.labels(), Map.of("accuracy", 0.5, "valid_loss", Double.NaN), good.files());
		InvalidInputException refused = catchThrowableOfType(InvalidInputException.class,
				() -> this.publisher.publish(diverged));
		assertThat(refused.field()).isEqualTo("metrics");
		assertThat(refused.getMessage()).contains("valid_loss (NaN)");
		this.mvc.perform(get("/api/v1/models/diverging"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.versions.length()").value(1));
		assertThat(this.store.root().resolve("diverging/2")).doesNotExist();
		// A version registered before the check, whose metric is not finite, cannot
		// become the default either.
		assertThat(this.publisher.publish(good).version()).isEqualTo(2);
		this.jdbc.sql("UPDATE model_versions SET metrics = ? WHERE name = 'diverging' AND version = 2")
			.param("{\"accuracy\": \"NaN\"}")
			.update();
		this.mvc
			.perform(put("/api/v1/models/diverging/default-version").header(HttpHeaders.AUTHORIZATION, KEY)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"version\": 2}"))
			.andExpect(status().isConflict())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(containsString("accuracy (NaN)")));
		this.mvc.perform(get("/api/v1/models/diverging")).andExpect(jsonPath("$.defaultVersion").value(1));
	}

	@Test
	void theDefaultVersionSwitchesOnlyWithTheApiKey() throws Exception {
		this.publisher.publish(TinyModelKind.version("switched", 1));
		this.publisher.publish(TinyModelKind.version("switched", 2));
		float[] input = { 0.5f, -1, 2, 0.25f };
		float[] first = this.inference.run("switched", null, this.score, input);
		this.mvc
			.perform(put("/api/v1/models/switched/default-version").contentType(MediaType.APPLICATION_JSON)
				.content("{\"version\": 2}"))
			.andExpect(status().isUnauthorized());
		this.mvc
			.perform(put("/api/v1/models/switched/default-version").header(HttpHeaders.AUTHORIZATION, KEY)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"version\": 2}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.defaultVersion").value(2));
		assertThat(this.inference.resolve("switched", null).version()).isEqualTo(2);
		assertThat(this.inference.run("switched", null, this.score, input)).isNotEqualTo(first)
			.containsExactly(this.inference.run("switched", 2, this.score, input));
		this.mvc
			.perform(put("/api/v1/models/switched/default-version").header(HttpHeaders.AUTHORIZATION, KEY)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"version\": 9}"))
			.andExpect(status().isNotFound())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
		this.mvc
			.perform(put("/api/v1/models/switched/default-version").header(HttpHeaders.AUTHORIZATION, KEY)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"version\": 0}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(containsString("version")));
	}

	@Test
	void theDefaultVersionIsDeletedOnlyWhenForcedAndNumbersAreNotReused() throws Exception {
		this.publisher.publish(TinyModelKind.version("pruned", 1));
		this.publisher.publish(TinyModelKind.version("pruned", 2));
		this.publisher.publish(TinyModelKind.version("pruned", 3));
		this.mvc.perform(delete("/api/v1/models/pruned/versions/1").header(HttpHeaders.AUTHORIZATION, KEY))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value(containsString("force=true")));
		this.mvc.perform(delete("/api/v1/models/pruned/versions/3").header(HttpHeaders.AUTHORIZATION, KEY))
			.andExpect(status().isNoContent());
		assertThat(this.store.root().resolve("pruned/3")).doesNotExist();
		this.mvc
			.perform(delete("/api/v1/models/pruned/versions/1").param("force", "true")
				.header(HttpHeaders.AUTHORIZATION, KEY))
			.andExpect(status().isNoContent());
		this.mvc.perform(get("/api/v1/models/pruned"))
			.andExpect(jsonPath("$.defaultVersion").value(2))
			.andExpect(jsonPath("$.versions.length()").value(1));
		assertThat(this.publisher.publish(TinyModelKind.version("pruned", 4)).version()).isEqualTo(4);
		this.mvc.perform(delete("/api/v1/models/pruned/versions/7").header(HttpHeaders.AUTHORIZATION, KEY))
			.andExpect(status().isNotFound());
	}

	@Test
	void anArchiveRoundTripServesTheSameModel() throws Exception {
		this.publisher.publish(TinyModelKind.version("exported", 42));
		byte[] archive = download("exported", 1);
		assertThat(entries(archive)).containsOnlyKeys("manifest.json", "files/model.zip");
		assertThat(new String(entries(archive).get("manifest.json"))).contains("\"format\" : \"lantern-model-archive\"")
			.contains("\"sha256\"");
		this.mvc
			.perform(multipart("/api/v1/models").file(zip(archive))
				.param("name", "imported")
				.header(HttpHeaders.AUTHORIZATION, KEY))
			.andExpect(status().isCreated())
			.andExpect(header().string(HttpHeaders.LOCATION, "/api/v1/models/imported/versions/1"))
			.andExpect(jsonPath("$.kind").value("tiny"))
			.andExpect(jsonPath("$.labels[2]").value("bird"))
			.andExpect(jsonPath("$.isDefault").value(true));
		float[] input = { 1, 2, 3, 4 };
		assertThat(this.inference.run("imported", null, this.score, input))
			.containsExactly(this.inference.run("exported", null, this.score, input));
	}

	@Test
	void anArchiveCarriesThePretrainedWeightsItsVersionWasTrainedFrom() throws Exception {
		String sha = "ab".repeat(32);
		WeightsSource weights = new WeightsSource("5f0c2a3e-1d2b-4c5d-8e9f-0a1b2c3d4e5f", sha, "resnet34.pth");
		NewModelVersion tiny = TinyModelKind.version("weighted", 7);
		this.publisher.publish(new NewModelVersion(tiny.name(), tiny.kind(), null, true, tiny.inputSchema(),
				tiny.labels(), tiny.metrics(), tiny.files(), weights));
		byte[] archive = download("weighted", 1);
		JsonNode manifest = JSON.readTree(entries(archive).get("manifest.json"));
		assertThat(manifest.get("weights").get("id").asString()).isEqualTo(weights.id());
		assertThat(manifest.get("weights").get("sha256").asString()).isEqualTo(sha);
		assertThat(manifest.get("weights").get("fileName").asString()).isEqualTo("resnet34.pth");
		this.mvc
			.perform(multipart("/api/v1/models").file(zip(archive))
				.param("name", "weighted-copy")
				.header(HttpHeaders.AUTHORIZATION, KEY))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.pretrained").value(true))
			.andExpect(jsonPath("$.weights.id").value(weights.id()))
			.andExpect(jsonPath("$.weights.sha256").value(sha))
			.andExpect(jsonPath("$.weights.fileName").value("resnet34.pth"));
		this.mvc.perform(get("/api/v1/models/weighted-copy/versions/1"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.weights.sha256").value(sha));

		// An archive written before manifests carried the weights still imports, without
		// them.
		Map<String, byte[]> older = new LinkedHashMap<>(entries(archive));
		tools.jackson.databind.node.ObjectNode withoutWeights = (tools.jackson.databind.node.ObjectNode) manifest;
		withoutWeights.remove("weights");
		older.put("manifest.json", JSON.writeValueAsBytes(withoutWeights));
		this.mvc
			.perform(multipart("/api/v1/models").file(zip(zipOf(older)))
				.param("name", "weighted-older")
				.header(HttpHeaders.AUTHORIZATION, KEY))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.pretrained").value(true))
			.andExpect(jsonPath("$.weights").doesNotExist());
	}

	@Test
	void anArchiveWhoseWeightsDoNotFitAVersionIsRefused() throws Exception {
		this.publisher
			.publish(new NewModelVersion("weights-bad", "tiny", null, true, TinyModelKind.version("x", 3).inputSchema(),
					TinyModelKind.version("x", 3).labels(), Map.of("accuracy", 0.5),
					TinyModelKind.version("x", 3).files(), new WeightsSource(null, "cd".repeat(32), "resnet18.pth")));
		Map<String, byte[]> good = entries(download("weights-bad", 1));
		String manifest = new String(good.get("manifest.json"));
		assertThat(manifest).contains("cd".repeat(32));
		Map<String, byte[]> badSha = new LinkedHashMap<>(good);
		badSha.put("manifest.json", manifest.replace("cd".repeat(32), "not-a-digest").getBytes());
		refused(zipOf(badSha), "weights.sha256");
		Map<String, byte[]> longName = new LinkedHashMap<>(good);
		longName.put("manifest.json", manifest.replace("resnet18.pth", "w".repeat(256)).getBytes());
		refused(zipOf(longName), "weights.fileName");
		Map<String, byte[]> badId = new LinkedHashMap<>(good);
		badId.put("manifest.json",
				manifest.replace("\"id\" : null", "\"id\" : \"../../" + "x".repeat(40) + "\"").getBytes());
		refused(zipOf(badId), "weights.id");
		this.mvc.perform(get("/api/v1/models/refused")).andExpect(status().isNotFound());
	}

	@Test
	void importsNeedTheApiKey() throws Exception {
		this.publisher.publish(TinyModelKind.version("guarded", 1));
		this.mvc.perform(multipart("/api/v1/models").file(zip(download("guarded", 1))))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void brokenOrForeignArchivesAreRefusedAndRegisterNothing() throws Exception {
		this.publisher.publish(TinyModelKind.version("original", 5));
		byte[] archive = download("original", 1);
		Map<String, byte[]> good = entries(archive);
		String manifest = new String(good.get("manifest.json"));

		refused("not a zip at all".getBytes(), "no manifest.json");
		refused(zipOf(Map.of("readme.txt", "hello".getBytes())), "outside files/");
		Map<String, byte[]> slip = new LinkedHashMap<>(good);
		slip.put("files/../../escaped.txt", "x".getBytes());
		refused(zipOf(slip), "points outside the archive");
		assertThat(this.store.root().getParent().resolve("escaped.txt")).doesNotExist();
		Map<String, byte[]> unknownKind = new LinkedHashMap<>(good);
		unknownKind.put("manifest.json", manifest.replace("\"kind\" : \"tiny\"", "\"kind\" : \"quantum\"").getBytes());
		refused(zipOf(unknownKind), "kind 'quantum' is unknown");
		Map<String, byte[]> tampered = new LinkedHashMap<>(good);
		byte[] model = tampered.get("files/model.zip").clone();
		model[model.length / 2] ^= 0x55;
		tampered.put("files/model.zip", model);
		refused(zipOf(tampered), "does not match");
		Map<String, byte[]> foreignManifest = new LinkedHashMap<>(good);
		foreignManifest.put("manifest.json", "{\"format\": \"something-else\"}".getBytes());
		refused(zipOf(foreignManifest), "format is not");
		byte[] garbage = "not a network".getBytes();
		Map<String, byte[]> unloadable = new LinkedHashMap<>();
		unloadable.put("files/model.zip", garbage);
		unloadable.put("manifest.json",
				manifest.replaceAll("\"size\" : \\d+", "\"size\" : " + garbage.length)
					.replaceAll("\"sha256\" : \"[0-9a-f]+\"", "\"sha256\" : \"" + sha256(garbage) + "\"")
					.getBytes());
		refused(zipOf(unloadable), "do not load as a 'tiny' model");

		Map<String, byte[]> bomb = new LinkedHashMap<>(good);
		bomb.put("files/padding.bin", new byte[2 * 1024 * 1024]);
		byte[] bombArchive = zipOf(bomb);
		assertThat(bombArchive.length).isLessThan(64 * 1024);
		this.mvc
			.perform(multipart("/api/v1/models").file(zip(bombArchive))
				.param("name", "refused")
				.header(HttpHeaders.AUTHORIZATION, KEY))
			.andExpect(status().isContentTooLarge())
			.andExpect(jsonPath("$.detail").value(containsString("lantern.models.max-archive-size")));

		this.mvc.perform(get("/api/v1/models/refused")).andExpect(status().isNotFound());
		Path staging = this.store.root().resolve(".staging");
		try (var left = Files.list(staging)) {
			assertThat(left).isEmpty();
		}
	}

	@Test
	void theApiDocumentationDescribesTheModelAndProtocolEndpoints() throws Exception {
		this.mvc.perform(get("/v3/api-docs"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.paths['/api/v1/models/{name}/default-version'].put.summary").exists())
			.andExpect(jsonPath("$.paths['/api/v1/models/{name}/versions/{version}/archive'].get.summary").exists())
			.andExpect(jsonPath("$.paths['/v2/models/{name}/versions/{version}/infer'].post.summary").exists());
	}

	@Test
	void badModelNamesAreRefused() {
		InvalidInputException problem = catchThrowableOfType(InvalidInputException.class,
				() -> this.publisher.publish(TinyModelKind.version("../escape", 1)));
		assertThat(problem).hasMessageContaining("../escape");
	}

	private void refused(byte[] archive, String reason) throws Exception {
		this.mvc
			.perform(multipart("/api/v1/models").file(zip(archive))
				.param("name", "refused")
				.header(HttpHeaders.AUTHORIZATION, KEY))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(containsString(reason)));
	}

	private byte[] download(String name, int version) throws Exception {
		MvcResult started = this.mvc.perform(get("/api/v1/models/" + name + "/versions/" + version + "/archive"))
			.andExpect(request().asyncStarted())
			.andReturn();
		return this.mvc.perform(asyncDispatch(started))
			.andExpect(status().isOk())
			.andExpect(header().string(HttpHeaders.CONTENT_DISPOSITION, containsString(name + "-v" + version + ".zip")))
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
	}

	private static MockMultipartFile zip(byte[] content) {
		return new MockMultipartFile("file", "model.zip", "application/zip", content);
	}

	private static Map<String, byte[]> entries(byte[] archive) throws IOException {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
			ZipEntry entry;
			while ((entry = zip.getNextEntry()) != null) {
				entries.put(entry.getName(), zip.readAllBytes());
			}
		}
		return entries;
	}

	private static byte[] zipOf(Map<String, byte[]> entries) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			for (var entry : entries.entrySet()) {
				zip.putNextEntry(new ZipEntry(entry.getKey()));
				zip.write(entry.getValue());
				zip.closeEntry();
			}
		}
		return bytes.toByteArray();
	}

	private static String sha256(byte[] content) throws Exception {
		return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
	}

}
