package dev.lantern.benchmarks;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import dev.lantern.vision.TestImages;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The outside probe of issue 13 as a benchmark: requests of many black 6000 x 6000 PNGs
 * (about 105 KB each, 36 megapixels, under {@code lantern.vision.max-image-pixels}) to
 * {@code /classify} of a small trained vision model, one request alone and then two at
 * once, and the same with fewer images. Prints each answer's status, the wall time and
 * the peak heap (the sum of the heap pools' peaks, reset before each scenario after a
 * GC), and the start of each problem's detail.
 *
 * <pre>
 * ./mvnw -B -Pbenchmark test -Dtest=ImageFloodBenchmark [-Dflood.side=6000] [-Dflood.images=32] \
 *     [-Dflood.admitted-images=8] [-Dflood.image-size=224]
 * </pre>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "lantern.data-dir=target/flood-data/${random.uuid}")
class ImageFloodBenchmark {

	@LocalServerPort
	int port;

	private BenchmarkServer server;

	@Test
	void floodOfLargePngs() throws Exception {
		int side = Integer.getInteger("flood.side", 6000);
		int images = Integer.getInteger("flood.images", 32);
		int admitted = Integer.getInteger("flood.admitted-images", 8);
		int imageSize = Integer.getInteger("flood.image-size", 224);
		this.server = new BenchmarkServer(this.port);

		String pets = BenchmarkServer.id(this.server.post("/api/v1/datasets/samples/pets", "application/json",
				"{\"name\":\"flood-pets\",\"classes\":2,\"imagesPerClass\":8,\"size\":" + imageSize + ",\"seed\":3}"));
		this.server.awaitSuccess(
				this.server.submit("{\"type\":\"vision-train\",\"spec\":{\"datasetId\":\"" + pets
						+ "\",\"modelName\":\"flood-pets\",\"architecture\":\"simple-cnn\",\"pretrained\":false,"
						+ "\"imageSize\":" + imageSize + ",\"batchSize\":8,\"frozenEpochs\":0,\"unfrozenEpochs\":1}}"),
				Duration.ofMinutes(30));

		byte[] png = TestImages.blackPng(side, side);
		StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
				"%nImage flood: black %d x %d PNGs of %d bytes to /classify of a simple-cnn at %d px, max heap %d MB,"
						+ " %d processors, load %s%n",
				side, side, png.length, imageSize, Runtime.getRuntime().maxMemory() >> 20,
				Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).trim()));
		report.append("| images per request | concurrent requests | request MB | statuses | seconds | peak heap MB |")
			.append(" problem |\n| --- | --- | --- | --- | --- | --- | --- |\n");
		for (int count : new int[] { images, admitted }) {
			byte[] body = multipart(png, count);
			for (int concurrent : new int[] { 1, 2 }) {
				report.append(scenario(body, count, concurrent)).append('\n');
			}
		}
		report.append("\nPeak resident memory of the JVM (VmHWM): ").append(ResidentMemory.peak()).append('\n');
		System.out.println(report);
	}

	private String scenario(byte[] body, int images, int concurrent) throws Exception {
		System.gc();
		List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getType() == MemoryType.HEAP)
			.toList();
		heap.forEach(MemoryPoolMXBean::resetPeakUsage);
		long started = System.nanoTime();
		List<HttpResponse<String>> answers = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(concurrent);
		try {
			List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
			for (int i = 0; i < concurrent; i++) {
				calls.add(CompletableFuture.supplyAsync(() -> classify(body), pool));
			}
			for (CompletableFuture<HttpResponse<String>> call : calls) {
				answers.add(call.get());
			}
		}
		finally {
			pool.shutdown();
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		long peak = heap.stream().mapToLong((memory) -> memory.getPeakUsage().getUsed()).sum();
		List<Integer> statuses = answers.stream().map(HttpResponse::statusCode).toList();
		String problem = answers.stream()
			.filter((answer) -> answer.statusCode() >= 400)
			.map((answer) -> detail(answer.body()))
			.findFirst()
			.orElse("");
		return String.format(Locale.ROOT, "| %d | %d | %.1f | %s | %.1f | %d | %s |", images, concurrent,
				body.length / 1e6, statuses, seconds, peak >> 20, problem);
	}

	private HttpResponse<String> classify(byte[] body) {
		return this.server.send(this.server.request("/api/v1/models/flood-pets/classify")
			.timeout(Duration.ofMinutes(10))
			.header("Content-Type", "multipart/form-data; boundary=flood-boundary")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String detail(String body) {
		try {
			String detail = BenchmarkServer.JSON.readTree(body).path("detail").asString();
			return (detail.length() > 160) ? detail.substring(0, 160) + "..." : detail;
		}
		catch (RuntimeException ex) {
			return body.substring(0, Math.min(160, body.length())).replace('\n', ' ');
		}
	}

	private static byte[] multipart(byte[] png, int count) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (int i = 0; i < count; i++) {
			body.writeBytes(("--flood-boundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"flood-" + i
					+ ".png\"\r\nContent-Type: image/png\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			body.writeBytes(png);
			body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		body.writeBytes("--flood-boundary--\r\n".getBytes(StandardCharsets.US_ASCII));
		return body.toByteArray();
	}

}
