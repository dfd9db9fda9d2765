package dev.lantern.benchmarks;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import javax.imageio.ImageIO;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lantern.models.Inference;
import dev.lantern.models.ModelPublisher;
import dev.lantern.models.Operation;
import dev.lantern.models.ServableModel;
import dev.lantern.models.tiny.ScoreOperation;
import dev.lantern.models.tiny.TinyModel;
import dev.lantern.models.tiny.TinyModelKind;
import dev.lantern.tabular.TabularBenchmarkSupport;
import dev.lantern.vision.nets.Architecture;
import dev.lantern.vision.nets.VisionNets;
import dev.lantern.vision.serve.ClassifyBenchmarkSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * Latency (p50, p99) and throughput of one operation through the inference runtime
 * (queue, batching, device workers; no HTTP) at 1, 4 and 16 concurrent closed-loop
 * clients, printed as a table. {@link #measure} takes any model, {@link Operation} and
 * input generator, so each model kind adds one method here.
 * <p>
 * {@link #tabularAndVisionModels} measures a Rossmann model trained here on generated
 * data ({@code tabular}, {@code predict}, one row per request) and a ResNet-18 with
 * fastai's head at 224 px ({@code vision}, {@code classify}, one decoded 1024x768 image
 * per request; random weights, which cost the same time as trained ones).
 *
 * <pre>
 * OMP_WAIT_POLICY=PASSIVE ./mvnw -B -o -Pcpu,benchmark test -Dtest=InferenceBenchmark \
 *     [-Dbenchmark.seconds=10] [-Dbenchmark.warmup-seconds=3] [-Dbenchmark.clients=1,4,16] \
 *     [-Dbenchmark.vision-seconds=10] [-Dbenchmark.vision-warmup-seconds=5] \
 *     [-Dbenchmark.tabular-stores=50] [-Dbenchmark.tabular-days=150]
 * </pre>
 */
@SpringBootTest(properties = "lantern.model-store.path=target/benchmark-data/models-${random.uuid}")
@Import(TinyModelKind.class)
class InferenceBenchmark {

	@Autowired
	Inference inference;

	@Autowired
	ModelPublisher publisher;

	@Autowired
	ScoreOperation score;

	@Autowired
	MeterRegistry meters;

	@Autowired
	VisionNets nets;

	@Test
	void tabularAndVisionModels(@TempDir Path data) throws Exception {
		InferenceCase<?, ?, ?> tabular = TabularBenchmarkSupport.publishRossmann(this.publisher, data, "bench-rossmann",
				Integer.getInteger("benchmark.tabular-stores", 50), Integer.getInteger("benchmark.tabular-days", 150),
				1, 1);
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(BenchmarkImages.sampleJpeg()));
		InferenceCase<?, ?, ?> vision = ClassifyBenchmarkSupport.publish(this.publisher, this.nets, "bench-resnet18",
				Architecture.RESNET18, 37, 224, List.of(image));
		Map<String, List<Row>> rows = new LinkedHashMap<>();
		rows.put(tabular.label(), measure(tabular, seconds("benchmark.warmup-seconds", 3),
				seconds("benchmark.seconds", 10), this.meters, this.inference));
		rows.put(vision.label(), measure(vision, seconds("benchmark.vision-warmup-seconds", 5),
				seconds("benchmark.vision-seconds", 10), this.meters, this.inference));
		print("Tabular and vision models, dynamic batching, " + Runtime.getRuntime().availableProcessors()
				+ " processors", rows);
	}

	@Test
	void tinyNetwork() throws Exception {
		this.publisher.publish(TinyModelKind.version("bench-tiny", 1));
		Random random = new Random(1);
		float[][] inputs = new float[256][TinyModel.FEATURES];
		for (float[] row : inputs) {
			for (int c = 0; c < row.length; c++) {
				row[c] = random.nextFloat();
			}
		}
		IntFunction<float[]> input = (i) -> inputs[i % inputs.length];
		print("tiny MLP 4-8-3, score, dynamic batching",
				measure("bench-tiny", this.score, input, this.meters, this.inference));
		print("tiny MLP 4-8-3, score, one request per batch",
				measure("bench-tiny", unbatched(this.score), input, this.meters, this.inference));
	}

	/**
	 * Runs the operation at each client count from {@code -Dbenchmark.clients}: a
	 * warm-up, then a timed run in which every client sends its next request as soon as
	 * the last one returns.
	 */
	static <M extends ServableModel, I, O> List<Row> measure(String model, Operation<M, I, O> operation,
			IntFunction<I> inputs, MeterRegistry meters, Inference inference) throws Exception {
		return measure(new InferenceCase<>(model, model, operation, inputs), seconds("benchmark.warmup-seconds", 3),
				seconds("benchmark.seconds", 10), meters, inference);
	}

	/** The same for a prepared case, with its own warm-up and timed durations per row. */
	static <M extends ServableModel, I, O> List<Row> measure(InferenceCase<M, I, O> inferenceCase, Duration warmup,
			Duration duration, MeterRegistry meters, Inference inference) throws Exception {
		String model = inferenceCase.model();
		Operation<M, I, O> operation = inferenceCase.operation();
		IntFunction<I> inputs = inferenceCase.inputs();
		int[] clientCounts = Arrays.stream(System.getProperty("benchmark.clients", "1,4,16").split(","))
			.map(String::strip)
			.mapToInt(Integer::parseInt)
			.toArray();
		List<Row> rows = new ArrayList<>();
		for (int clients : clientCounts) {
			run(model, operation, inputs, inference, clients, warmup);
			DistributionSummary batches = meters.find("lantern.inference.batch.size")
				.tags("model", model, "operation", operation.name())
				.summary();
			long batchesBefore = (batches != null) ? batches.count() : 0;
			double inputsBefore = (batches != null) ? batches.totalAmount() : 0;
			Run run = run(model, operation, inputs, inference, clients, duration);
			batches = meters.find("lantern.inference.batch.size")
				.tags("model", model, "operation", operation.name())
				.summary();
			double meanBatch = (batches != null && batches.count() > batchesBefore)
					? (batches.totalAmount() - inputsBefore) / (batches.count() - batchesBefore) : Double.NaN;
			long[] latencies = run.latencies();
			Arrays.sort(latencies);
			rows.add(new Row(clients, latencies.length, run.errors(), percentile(latencies, 0.50),
					percentile(latencies, 0.99), latencies.length / (run.nanos() / 1e9), meanBatch));
		}
		return rows;
	}

	private static <M extends ServableModel, I, O> Run run(String model, Operation<M, I, O> operation,
			IntFunction<I> inputs, Inference inference, int clients, Duration duration) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		CountDownLatch start = new CountDownLatch(1);
		AtomicLong errors = new AtomicLong();
		List<Future<long[]>> futures = new ArrayList<>();
		try {
			for (int c = 0; c < clients; c++) {
				int client = c;
				futures.add(pool.submit(() -> {
					start.await();
					long until = System.nanoTime() + duration.toNanos();
					long[] latencies = new long[1024];
					int count = 0;
					for (int i = client; System.nanoTime() < until; i += clients) {
						long started = System.nanoTime();
						try {
							inference.run(model, null, operation, inputs.apply(i));
						}
						catch (RuntimeException ex) {
							errors.incrementAndGet();
							continue;
						}
						if (count == latencies.length) {
							latencies = Arrays.copyOf(latencies, count * 2);
						}
						latencies[count++] = System.nanoTime() - started;
					}
					return Arrays.copyOf(latencies, count);
				}));
			}
			long started = System.nanoTime();
			start.countDown();
			List<long[]> all = new ArrayList<>();
			for (Future<long[]> future : futures) {
				all.add(future.get());
			}
			long nanos = System.nanoTime() - started;
			return new Run(all.stream().flatMapToLong(Arrays::stream).toArray(), errors.get(), nanos);
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** The same operation with batching switched off, for comparison. */
	static <M extends ServableModel, I, O> Operation<M, I, O> unbatched(Operation<M, I, O> operation) {
		return new Operation<>() {
			@Override
			public String name() {
				return operation.name() + "-unbatched";
			}

			@Override
			public String modelKind() {
				return operation.modelKind();
			}

			@Override
			public boolean batchable() {
				return false;
			}

			@Override
			public List<O> apply(M model, List<I> inputs) throws Exception {
				return operation.apply(model, inputs);
			}
		};
	}

	static void print(String title, List<Row> rows) {
		StringBuilder table = new StringBuilder("\n").append(title).append('\n');
		table.append(String.format(Locale.ROOT, "| %7s | %9s | %6s | %9s | %9s | %11s | %10s |%n", "clients",
				"requests", "errors", "p50 ms", "p99 ms", "req/s", "mean batch"));
		table.append("|---------|-----------|--------|-----------|-----------|-------------|------------|\n");
		for (Row row : rows) {
			table.append(String.format(Locale.ROOT, "| %7d | %9d | %6d | %9.3f | %9.3f | %11.1f | %10.2f |%n",
					row.clients(), row.requests(), row.errors(), row.p50Millis(), row.p99Millis(), row.throughput(),
					row.meanBatch()));
		}
		table.append("\nPeak resident memory of the JVM (VmHWM): ").append(ResidentMemory.peak()).append('\n');
		System.out.println(table);
	}

	/** One table for several models, a model column first. */
	static void print(String title, Map<String, List<Row>> rowsByModel) {
		StringBuilder table = new StringBuilder("\n").append(title).append('\n');
		table.append("| model | clients | requests | errors | p50 ms | p99 ms | req/s | mean batch |\n");
		table.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
		rowsByModel.forEach((model, rows) -> {
			for (Row row : rows) {
				table.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.2f | %.2f | %.1f | %.2f |%n", model,
						row.clients(), row.requests(), row.errors(), row.p50Millis(), row.p99Millis(), row.throughput(),
						row.meanBatch()));
			}
		});
		table.append("\nPeak resident memory of the JVM (VmHWM): ").append(ResidentMemory.peak()).append('\n');
		System.out.println(table);
	}

	private static Duration seconds(String property, long defaultSeconds) {
		return Duration.ofSeconds(Long.getLong(property, defaultSeconds));
	}

	private static double percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(p * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
	}

	/**
	 * One line of the table.
	 *
	 * @param clients concurrent clients
	 * @param requests requests completed in the timed run
	 * @param errors requests that failed
	 * @param p50Millis median latency
	 * @param p99Millis 99th percentile latency
	 * @param throughput completed requests per second
	 * @param meanBatch mean inputs per batch, from the runtime's metrics
	 */
	record Row(int clients, long requests, long errors, double p50Millis, double p99Millis, double throughput,
			double meanBatch) {

	}

	private record Run(long[] latencies, long errors, long nanos) {

	}

}
