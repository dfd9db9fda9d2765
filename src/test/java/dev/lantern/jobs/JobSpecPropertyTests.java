package dev.lantern.jobs;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.JsonNode;

import dev.lantern.LanternApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random job specs submitted through the HTTP API: valid ones are queued (and cancelled
 * while still queued, behind a job that holds the only worker, so none trains), invalid
 * ones are a 400 problem naming the field that is wrong, and nothing, however malformed,
 * is a 5xx. Runs its own application (jqwik is not a JUnit Jupiter engine, so no
 * {@code @SpringBootTest}).
 */
class JobSpecPropertyTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String GATE = "spec-properties-" + UUID.randomUUID();

	private static ConfigurableApplicationContext context;

	private static JobsClient client;

	private static String rossmann;

	private static String pets;

	@BeforeContainer
	static void start() {
		context = new SpringApplicationBuilder(LanternApplication.class, TestJobs.Configuration.class).run(
				"--server.port=0", "--lantern.data-dir=target/spec-property-data", "--lantern.jobs.max-queued=1000",
				"--lantern.jobs.poll-interval=50ms");
		client = new JobsClient(context);
		rossmann = created(
				client.post("/api/v1/datasets/samples/rossmann?stores=3&days=60&seed=1", "", JobsClient.KEY));
		pets = created(client.post("/api/v1/datasets/samples/pets",
				"{\"name\":\"spec-pets\",\"classes\":2,\"imagesPerClass\":4,\"size\":32,\"seed\":1}", JobsClient.KEY));
		// Holds the only worker, so every job submitted below stays queued.
		String blocker = client.submitSteps(Map.of("epochs", 1, "stepsPerEpoch", 1, "gate", GATE), 0);
		client.awaitStatus(blocker, "RUNNING", WAIT);
	}

	@AfterContainer
	static void stop() {
		TestJobs.open(GATE);
		if (context != null) {
			context.close();
		}
	}

	@Property(tries = 40)
	void validSpecsAreQueued(@ForAll("validSpecs") Submission valid) {
		HttpResponse<String> response = client.post("/api/v1/jobs", valid.json(), JobsClient.KEY);
		assertThat(response.statusCode()).as("%s -> %s", valid, response.body()).isEqualTo(202);
		String id = client.json(response).get("id").asString();
		HttpResponse<String> cancel = client.post("/api/v1/jobs/" + id + "/cancel", "", JobsClient.KEY);
		assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
		assertThat(client.json(cancel).get("status").asString()).isEqualTo("CANCELLED");
	}

	@Property(tries = 150)
	void aSpecWithOneFieldOutOfBoundsIsA400NamingIt(@ForAll("invalidSpecs") Submission invalid) {
		HttpResponse<String> response = client.post("/api/v1/jobs", invalid.json(), JobsClient.KEY);
		assertThat(response.statusCode()).as("%s -> %s", invalid, response.body()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = client.json(response);
		assertThat(problem.path("field").asString()).as(response.body())
			.matches("spec\\.(" + invalid.field() + ")([.\\[].*)?");
		assertThat(problem.path("detail").asString()).as(response.body()).isNotBlank();
	}

	@Property(tries = 150)
	void noSpecIsA5xx(@ForAll("anySpecs") Submission any) {
		HttpResponse<String> response = client.post("/api/v1/jobs", any.json(), JobsClient.KEY);
		assertThat(response.statusCode()).as("%s -> %s", any, response.body()).isLessThan(500);
		if (response.statusCode() == 202) {
			String id = client.json(response).get("id").asString();
			assertThat(client.post("/api/v1/jobs/" + id + "/cancel", "", JobsClient.KEY).statusCode()).isEqualTo(200);
		}
		else {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
			assertThat(client.json(response).path("field").asString()).as(response.body()).isNotBlank();
		}
	}

	@Provide
	Arbitrary<Submission> validSpecs() {
		return Arbitraries.oneOf(validTabular(), validVision());
	}

	@Provide
	Arbitrary<Submission> invalidSpecs() {
		return Arbitraries.oneOf(validTabular().flatMap((spec) -> corrupt(spec, TABULAR_BAD)),
				validVision().flatMap((spec) -> corrupt(spec, VISION_BAD)),
				validTabular().map((spec) -> spec.with("datasetId", quoted(pets), "datasetId")),
				validTabular().map((spec) -> spec.with("datasetId", quoted("no-such-dataset"), "datasetId")),
				validVision().map((spec) -> spec.with("datasetId", quoted(rossmann), "datasetId")),
				validVision().map((spec) -> spec.with("architecture", quoted("resnet9000"), "architecture")),
				validTabular().map((spec) -> spec.with("layers", "[100000,100000,100000,100000,100000]", "layers")
					.with("ps", "[0,0,0,0,0]", "layers|batchSize")),
				validPredict(), validPredict().flatMap((spec) -> Arbitraries.of("0", "-1", "2147483648", "1.5", "1e309")
					.map((version) -> spec.with("version", version, "version"))));
	}

	@Provide
	Arbitrary<Submission> anySpecs() {
		Arbitrary<String> values = Arbitraries.oneOf(
				Arbitraries.of("null", "true", "[]", "{}", "\"\"", "\"NaN\"", "\"Infinity\"", "1e309", "-1e309",
						"1e-400", "99999999999999999999", "-0", "[1e309]", "[null]", "{\"a\":1}",
						"\"../../etc/passwd\"", "[" + "1,".repeat(200) + "1]"),
				Arbitraries.integers().map(String::valueOf), Arbitraries.doubles().map(String::valueOf),
				Arbitraries.strings().ofMaxLength(30).map(JobSpecPropertyTests::quoted));
		Arbitrary<String> fields = Arbitraries.of("model", "modelName", "datasetId", "layers", "ps", "epochs",
				"learningRate", "weightDecay", "batchSize", "validDays", "validFraction", "embeddingDropout",
				"yRangeHeadroom", "architecture", "imageSize", "width", "frozenLr", "unfrozenLrMin", "unfrozenLrMax",
				"pctStart", "transforms", "seed", "version", "preset", "categorical", "nonsense");
		return Arbitraries.oneOf(validTabular(), validVision(), validPredict())
			.flatMap(
					(spec) -> Combinators.combine(fields, values).as((field, value) -> spec.with(field, value, field)));
	}

	private Arbitrary<Submission> validTabular() {
		Arbitrary<List<Integer>> layers = Arbitraries.integers().between(1, 64).list().ofMinSize(1).ofMaxSize(3);
		return Combinators
			.combine(layers, Arbitraries.integers().between(1, 1000),
					Arbitraries.doubles().between(1e-6, 10).ofScale(8), Arbitraries.doubles().between(0, 1),
					Arbitraries.integers().between(1, 65536), Arbitraries.doubles().between(0, 0.99),
					Arbitraries.doubles().between(1, 10), Arbitraries.longs())
			.as((sizes, epochs, lr, wd, batch, dropout, headroom, seed) -> new Submission("tabular-train",
					fields("model", quoted("m-" + Math.abs(seed % 1000)), "datasetId", quoted(rossmann), "layers",
							sizes.toString(), "ps",
							sizes.stream().map((size) -> "0.1").collect(Collectors.joining(",", "[", "]")), "epochs",
							String.valueOf(epochs), "learningRate", String.valueOf(lr), "weightDecay",
							String.valueOf(wd), "batchSize", String.valueOf(batch), "embeddingDropout",
							String.valueOf(dropout), "yRangeHeadroom", String.valueOf(headroom), "seed",
							String.valueOf(seed)),
					null));
	}

	private Arbitrary<Submission> validVision() {
		return Combinators
			.combine(Arbitraries.of("simple-cnn", "resnet18"), Arbitraries.integers().between(32, 64),
					Arbitraries.integers().between(1, 32), Arbitraries.integers().between(4, 16),
					Arbitraries.doubles().between(1e-6, 10).ofScale(8), Arbitraries.doubles().between(0, 1),
					Arbitraries.integers().between(0, 1000))
			.as((architecture, size, batch, width, lr, pct, epochs) -> new Submission("vision-train",
					fields("datasetId", quoted(pets), "modelName", quoted("p"), "architecture", quoted(architecture),
							"pretrained", "false", "imageSize", String.valueOf(size), "batchSize",
							String.valueOf(batch), "width", String.valueOf(width), "frozenEpochs", "0",
							"unfrozenEpochs", String.valueOf(Math.max(1, epochs)), "unfrozenLrMin",
							String.valueOf(lr / 100), "unfrozenLrMax", String.valueOf(lr), "pctStart",
							String.valueOf(pct)),
					null));
	}

	/**
	 * A tabular-predict spec within bounds naming a model that does not exist here (none
	 * is trained, to stay fast): a 400 naming the model.
	 */
	private Arbitrary<Submission> validPredict() {
		return Arbitraries.integers()
			.between(1, Integer.MAX_VALUE)
			.map((version) -> new Submission("tabular-predict", fields("model", quoted("no-such-model"), "version",
					String.valueOf(version), "datasetId", quoted(rossmann)), "version"));
	}

	/** Out-of-bounds values per field (raw JSON), for tabular-train. */
	private static final Map<String, List<String>> TABULAR_BAD = Map.ofEntries(
			Map.entry("learningRate", List.of("0", "-1", "10.000001", "1e309", "-1e309", "\"NaN\"", "\"Infinity\"")),
			Map.entry("epochs", List.of("0", "-3", "1001", "10000000000")),
			Map.entry("layers", List.of("[]", "[0]", "[100001]", "[100000000]", "[1,1,1,1,1,1,1,1,1,1,1]", "[null]")),
			Map.entry("ps", List.of("[1.0]", "[-0.1]", "[1e309]")),
			Map.entry("weightDecay", List.of("-0.1", "1.5", "1e309")),
			Map.entry("batchSize", List.of("0", "65537", "-1")),
			Map.entry("embeddingDropout", List.of("1", "-0.5", "1e309")),
			Map.entry("yRangeHeadroom", List.of("0.5", "11", "1e309")), Map.entry("validDays", List.of("0", "36501")),
			Map.entry("validFraction", List.of("0", "0.95", "1e309")),
			Map.entry("model", List.of("\"../../etc\"", "\"\"")));

	/** Out-of-bounds values per field (raw JSON), for vision-train. */
	private static final Map<String, List<String>> VISION_BAD = Map.ofEntries(
			Map.entry("imageSize", List.of("0", "15", "1025", "1000000000")),
			Map.entry("batchSize", List.of("0", "1025")), Map.entry("width", List.of("3", "257")),
			Map.entry("unfrozenLrMax", List.of("0", "11", "1e309", "\"NaN\"")),
			Map.entry("unfrozenLrMin", List.of("0", "-1e-3", "-1e309")),
			Map.entry("frozenLr", List.of("0", "10.5", "1e309")), Map.entry("pctStart", List.of("-0.1", "1.1")),
			Map.entry("weightDecay", List.of("-1", "2")), Map.entry("unfrozenEpochs", List.of("-1", "1001")),
			Map.entry("transforms", List.of("{\"maxRotate\":181}", "{\"maxZoom\":0.5}", "{\"maxWarp\":1e309}")));

	private static Arbitrary<Submission> corrupt(Submission spec, Map<String, List<String>> bad) {
		return Arbitraries.of(bad.keySet().stream().sorted().toList())
			.flatMap((field) -> Arbitraries.of(bad.get(field)).map((value) -> spec.with(field, value, field)));
	}

	private static Map<String, String> fields(String... pairs) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			fields.put(pairs[i], pairs[i + 1]);
		}
		return fields;
	}

	private static String quoted(String text) {
		return json(text);
	}

	private static String json(String text) {
		StringBuilder out = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c < 0x20) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return out.append('"').toString();
	}

	private static String created(HttpResponse<String> response) {
		if (response.statusCode() != 201) {
			throw new AssertionError("Sample answered " + response.statusCode() + ": " + response.body());
		}
		return client.json(response).get("id").asString();
	}

	/**
	 * A job submission: its type, its spec's fields as raw JSON, and the field a 400 must
	 * name (alternatives separated by {@code |}; null for a valid spec).
	 */
	record Submission(String type, Map<String, String> spec, String field) {

		Submission with(String name, String value, String blamed) {
			Map<String, String> changed = new LinkedHashMap<>(this.spec);
			changed.put(name, value);
			return new Submission(this.type, changed, blamed);
		}

		String json() {
			return this.spec.entrySet()
				.stream()
				.map((entry) -> JobSpecPropertyTests.json(entry.getKey()) + ":" + entry.getValue())
				.collect(Collectors.joining(",", "{\"type\":\"" + this.type + "\",\"spec\":{", "}}"));
		}

	}

}
