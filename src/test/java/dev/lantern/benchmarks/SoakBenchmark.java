package dev.lantern.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten minutes of mixed traffic over HTTP on 127.0.0.1 from 16 closed-loop clients:
 * Rossmann predictions (JSON and KServe V2), classifications and Grad-CAM heatmaps of a
 * ResNet, while a training job runs the whole time. Prints throughput, p50/p99 per
 * operation, the count of answers that were not 2xx (must be 0), and resident memory,
 * heap and the C library's heap at start, middle, end and every minute, and once more
 * after a final {@code malloc_trim} (what the C library only kept for reuse), and the
 * inference section of the system report (each loaded version's batch limit under
 * {@code worker-memory}); fails when an answer was not 2xx or resident memory grew by
 * more than a quarter in the second half.
 *
 * <pre>
 * ./mvnw -B -Pbenchmark test -Dtest=SoakBenchmark [-Dsoak.minutes=10] [-Dsoak.clients=16] \
 *     [-Dsoak.architecture=resnet34] [-Dsoak.image-size=224] [-Dsoak.training=false]
 * </pre>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "lantern.data-dir=target/soak-data/${random.uuid}", "lantern.jobs.max-queued=1000" })
class SoakBenchmark {

	private static final JsonMapper JSON = BenchmarkServer.JSON;

	@LocalServerPort
	int port;

	private BenchmarkServer server;

	@Test
	void mixedTrafficWithATrainingJobRunning() throws Exception {
		double minutes = Double.parseDouble(System.getProperty("soak.minutes", "10"));
		int clients = Integer.getInteger("soak.clients", 16);
		String architecture = System.getProperty("soak.architecture", "resnet34");
		int imageSize = Integer.getInteger("soak.image-size", 224);
		boolean train = Boolean.parseBoolean(System.getProperty("soak.training", "true"));
		this.server = new BenchmarkServer(this.port);

		String rossmann = id(post("/api/v1/datasets/samples/rossmann?stores=20&days=200&seed=7", null, ""));
		String pets = id(post("/api/v1/datasets/samples/pets", "application/json",
				"{\"name\":\"soak-pets\",\"classes\":3,\"imagesPerClass\":8,\"size\":" + imageSize + ",\"seed\":3}"));
		awaitSuccess(submit("{\"type\":\"tabular-train\",\"spec\":{\"model\":\"soak-sales\",\"datasetId\":\"" + rossmann
				+ "\",\"layers\":[200,100],\"epochs\":1}}"), Duration.ofMinutes(10));
		awaitSuccess(submit("{\"type\":\"vision-train\",\"spec\":{\"datasetId\":\"" + pets
				+ "\",\"modelName\":\"soak-pets\",\"architecture\":\"" + architecture
				+ "\",\"pretrained\":false,\"imageSize\":" + imageSize
				+ ",\"batchSize\":8,\"frozenEpochs\":0,\"unfrozenEpochs\":1}}"), Duration.ofMinutes(30));
		byte[] image = this.server.get("/api/v1/datasets/" + pets + "/images/0");
		String record = "{\"records\":[{\"Store\":3,\"Date\":\"2013-06-04\",\"Promo\":1,\"StateHoliday\":\"0\","
				+ "\"SchoolHoliday\":0}]}";
		String v2 = v2Request(record);

		Map<String, Operation> operations = new LinkedHashMap<>();
		operations.put("predict", new Operation(40, json("/api/v1/models/soak-sales/predict", record)));
		operations.put("v2-infer", new Operation(20, json("/v2/models/soak-sales/infer", v2)));
		operations.put("classify",
				new Operation(25, multipart("/api/v1/models/soak-pets/classify", image, "application/json")));
		operations.put("heatmap", new Operation(15, multipart("/api/v1/models/soak-pets/heatmap", image, "image/png")));

		AtomicReference<String> training = new AtomicReference<>();
		Instant end = Instant.now().plus(Duration.ofMillis((long) (minutes * 60_000)));
		Instant middle = Instant.now().plus(Duration.ofMillis((long) (minutes * 30_000)));
		List<Snapshot> snapshots = Collections.synchronizedList(new ArrayList<>());
		snapshots.add(Snapshot.take("start"));
		AtomicLong failures = new AtomicLong();
		Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
		ExecutorService pool = Executors.newFixedThreadPool(clients + 1);
		if (train) {
			pool.submit(() -> keepTraining(rossmann, training, end));
		}
		for (int c = 0; c < clients; c++) {
			long seed = c;
			pool.submit(() -> {
				Random random = new Random(seed);
				while (Instant.now().isBefore(end)) {
					Operation operation = pick(operations, random);
					long started = System.nanoTime();
					int status;
					try {
						status = operation.exchange().send();
					}
					catch (RuntimeException ex) {
						status = -1;
					}
					operation.latencies().add(System.nanoTime() - started);
					statuses.computeIfAbsent(status, (s) -> new AtomicLong()).incrementAndGet();
					if (status < 200 || status > 299) {
						failures.incrementAndGet();
					}
				}
				return null;
			});
		}
		List<Snapshot> timeline = new ArrayList<>();
		Instant started = Instant.now();
		Instant nextMinute = started.plusSeconds(60);
		boolean middleTaken = false;
		while (Instant.now().isBefore(end)) {
			Thread.sleep(500);
			if (!middleTaken && !Instant.now().isBefore(middle)) {
				snapshots.add(Snapshot.take("middle"));
				middleTaken = true;
			}
			if (!Instant.now().isBefore(nextMinute) && Instant.now().isBefore(end)) {
				timeline.add(Snapshot.take(Duration.between(started, nextMinute).toMinutes() + " min"));
				nextMinute = nextMinute.plusSeconds(60);
			}
		}
		if (!middleTaken) {
			snapshots.add(Snapshot.take("middle"));
		}
		String loaded = new String(this.server.get("/api/v1/system"), java.nio.charset.StandardCharsets.UTF_8);
		pool.shutdown();
		assertThat(pool.awaitTermination((long) (minutes * 60) + 300, TimeUnit.SECONDS)).isTrue();
		snapshots.add(Snapshot.take("end"));
		// What of the native memory is only kept by the C library for reuse.
		Thread.sleep(500);
		System.gc();
		Thread.sleep(500);
		boolean trimmed = ResidentMemory.trimCHeap();
		snapshots.add(Snapshot.take(trimmed ? "trimmed" : "untrimmed"));

		double seconds = minutes * 60;
		System.out.printf(Locale.ROOT,
				"%nSoak: %.1f min, %d clients, %s at %d px, training job %s, load %s, peak resident memory of the "
						+ "JVM (VmHWM, server and clients) %s, max heap %s%n",
				minutes, clients, architecture, imageSize, train ? "running" : "off",
				Files.readString(Path.of("/proc/loadavg")).trim(), ResidentMemory.peak(),
				ResidentMemory.gib(Runtime.getRuntime().maxMemory()));
		System.out.printf(Locale.ROOT, "%-10s %9s %9s %10s %10s%n", "operation", "requests", "req/s", "p50 ms",
				"p99 ms");
		long total = 0;
		for (var entry : operations.entrySet()) {
			List<Long> latencies = new ArrayList<>(entry.getValue().latencies());
			Collections.sort(latencies);
			total += latencies.size();
			System.out.printf(Locale.ROOT, "%-10s %9d %9.1f %10.1f %10.1f%n", entry.getKey(), latencies.size(),
					latencies.size() / seconds, percentile(latencies, 0.5), percentile(latencies, 0.99));
		}
		System.out.printf(Locale.ROOT, "%-10s %9d %9.1f%n", "all", total, total / seconds);
		System.out.println("statuses: " + statuses + ", training jobs finished: " + this.trainingJobs.get());
		System.out.printf(Locale.ROOT, "%-9s %10s %14s %19s %18s %12s%n", "when", "RSS MB", "heap used MB",
				"heap committed MB", "RSS - heap MB", "C heap MB");
		for (Snapshot snapshot : snapshots) {
			snapshot.print();
		}
		System.out.println("every minute:");
		for (Snapshot snapshot : timeline) {
			snapshot.print();
		}
		System.out.println("inference report: " + JSON.readTree(loaded).path("sections").path("inference").toString());
		assertThat(failures.get()).as("answers that were not 2xx: %s", statuses).isZero();
		long rssMiddle = snapshots.get(1).rss();
		assertThat(snapshots.get(2).rss()).as("resident memory at the end against the middle")
			.isLessThan(rssMiddle + rssMiddle / 4);
	}

	private final AtomicLong trainingJobs = new AtomicLong();

	/** Keeps one small training job running until the end. */
	private Void keepTraining(String dataset, AtomicReference<String> current, Instant end) throws Exception {
		while (Instant.now().isBefore(end)) {
			current.set(submit("{\"type\":\"tabular-train\",\"spec\":{\"model\":\"soak-background\",\"datasetId\":\""
					+ dataset + "\",\"layers\":[200,100],\"epochs\":2}}"));
			awaitSuccess(current.get(), Duration.ofMinutes(30));
			this.trainingJobs.incrementAndGet();
		}
		return null;
	}

	private static Operation pick(Map<String, Operation> operations, Random random) {
		int roll = random.nextInt(100);
		for (Operation operation : operations.values()) {
			roll -= operation.weight();
			if (roll < 0) {
				return operation;
			}
		}
		return operations.values().iterator().next();
	}

	private static double percentile(List<Long> sorted, double p) {
		if (sorted.isEmpty()) {
			return Double.NaN;
		}
		return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))) / 1e6;
	}

	/**
	 * A KServe V2 request with the tabular model's inputs, filled from one JSON record.
	 */
	private String v2Request(String record) throws IOException {
		JsonNode values = JSON.readTree(record).get("records").get(0);
		JsonNode metadata = JSON.readTree(this.server.get("/v2/models/soak-sales"));
		ObjectNode request = JSON.createObjectNode();
		ArrayNode inputs = request.putArray("inputs");
		for (JsonNode input : metadata.get("inputs")) {
			String name = input.get("name").asString();
			String datatype = input.get("datatype").asString();
			ObjectNode tensor = inputs.addObject();
			tensor.put("name", name).put("datatype", datatype).putArray("shape").add(1);
			JsonNode value = values.get(name);
			if ("FP32".equals(datatype)) {
				tensor.putArray("data").add((value != null) ? value.asDouble() : 0.0);
			}
			else {
				tensor.putArray("data").add((value != null) ? value.asString() : "0");
			}
		}
		String body = JSON.writeValueAsString(request);
		int status = json("/v2/models/soak-sales/infer", body).send();
		assertThat(status).as("a first V2 request").isEqualTo(200);
		return body;
	}

	private Exchange json(String path, String body) {
		return () -> send(HttpRequest.newBuilder(URI.create(this.server.base() + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
			.build()).statusCode();
	}

	private Exchange multipart(String path, byte[] image, String accept) {
		String boundary = "soak-boundary";
		byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"pet.jpg\"\r\n"
				+ "Content-Type: image/jpeg\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
		byte[] body = new byte[head.length + image.length + tail.length];
		System.arraycopy(head, 0, body, 0, head.length);
		System.arraycopy(image, 0, body, head.length, image.length);
		System.arraycopy(tail, 0, body, head.length + image.length, tail.length);
		return () -> send(HttpRequest.newBuilder(URI.create(this.server.base() + path))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.header("Accept", accept)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build()).statusCode();
	}

	private String submit(String job) {
		return this.server.submit(job);
	}

	private void awaitSuccess(String job, Duration timeout) throws InterruptedException {
		this.server.awaitSuccess(job, timeout);
	}

	private byte[] post(String path, String contentType, String body) {
		return this.server.post(path, contentType, body);
	}

	private static String id(byte[] json) {
		return BenchmarkServer.id(json);
	}

	/** Sends traffic without the API key, as inference clients do. */
	private HttpResponse<Void> send(HttpRequest request) {
		return this.server.send(request, HttpResponse.BodyHandlers.discarding());
	}

	@FunctionalInterface
	interface Exchange {

		/** Sends the request; returns the status. */
		int send();

	}

	/** One kind of request, how often it is picked (percent) and its latencies. */
	record Operation(int weight, Exchange exchange, List<Long> latencies) {

		Operation(int weight, Exchange exchange) {
			this(weight, exchange, Collections.synchronizedList(new ArrayList<>()));
		}

	}

	/**
	 * Memory at one moment: resident, heap used and committed (resident minus committed
	 * heap is mostly native memory: ND4J's buffers, oneDNN, thread stacks, code, while
	 * the committed heap is resident; G1 may commit more than it has touched), and the
	 * resident part of the C library's heap, where ND4J's and oneDNN's buffers live.
	 */
	record Snapshot(String when, long rss, long heapUsed, long heapCommitted, long cHeap) {

		static Snapshot take(String when) {
			System.gc();
			var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
			return new Snapshot(when, Pointer.physicalBytes(), heap.getUsed(), heap.getCommitted(),
					ResidentMemory.cHeapBytes());
		}

		void print() {
			System.out.printf(Locale.ROOT, "%-9s %10d %14d %19d %18d %12d%n", this.when, this.rss >> 20,
					this.heapUsed >> 20, this.heapCommitted >> 20, (this.rss - this.heapCommitted) >> 20,
					this.cHeap >> 20);
		}

	}

}
