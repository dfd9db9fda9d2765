package dev.lantern.models.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.lantern.models.ModelPublisher;
import dev.lantern.models.ModelVersionInfo;
import dev.lantern.models.registry.ModelRegistry;
import dev.lantern.models.tiny.BlockingOperation;
import dev.lantern.models.tiny.FailingOperation;
import dev.lantern.models.tiny.ScoreOperation;
import dev.lantern.models.tiny.TinyModel;
import dev.lantern.models.tiny.TinyModelKind;
import dev.lantern.models.tiny.TinyModelTest;
import dev.lantern.system.SystemReportSection;
import dev.lantern.system.errors.DeadlineExceededException;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.NotFoundException;
import dev.lantern.system.errors.UnavailableException;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@TinyModelTest
class InferenceRuntimeTests {

	/** {@code lantern.inference.queue-capacity} in {@link TinyModelTest}. */
	private static final int QUEUE_CAPACITY = 32;

	@Autowired
	InferenceRuntime inference;

	@Autowired
	ModelPublisher publisher;

	@Autowired
	ModelRegistry registry;

	@Autowired
	ScoreOperation score;

	@Autowired
	MeterRegistry meters;

	@Autowired
	InferenceMetrics metrics;

	@Autowired
	InferenceProperties properties;

	@Autowired
	List<SystemReportSection> sections;

	private final ExecutorService clients = Executors.newFixedThreadPool(16);

	@AfterEach
	void stopClients() {
		this.clients.shutdownNow();
	}

	@Test
	void concurrentRequestsGetExactlyTheResultsOfSequentialOnes() throws Exception {
		this.publisher.publish(TinyModelKind.version("concurrent", 1));
		List<float[]> inputs = randomInputs(64, 7);
		List<float[]> sequential = new ArrayList<>();
		for (float[] input : inputs) {
			sequential.add(this.inference.run("concurrent", null, this.score, input));
		}
		int threads = 8;
		int requestsPerThread = 40;
		CountDownLatch start = new CountDownLatch(1);
		List<Future<List<float[]>>> results = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int offset = t;
			results.add(this.clients.submit(() -> {
				start.await();
				List<float[]> outputs = new ArrayList<>();
				for (int i = 0; i < requestsPerThread; i++) {
					outputs.add(this.inference.run("concurrent", null, this.score,
							inputs.get((offset * 13 + i) % inputs.size())));
				}
				return outputs;
			}));
		}
		start.countDown();
		for (int t = 0; t < threads; t++) {
			List<float[]> outputs = results.get(t).get(60, TimeUnit.SECONDS);
			for (int i = 0; i < requestsPerThread; i++) {
				assertThat(outputs.get(i)).containsExactly(sequential.get((t * 13 + i) % inputs.size()));
			}
		}
	}

	@Test
	void servesAgainAfterAStopAndStart() throws Exception {
		this.publisher.publish(TinyModelKind.version("restarted", 4));
		float[] input = randomInputs(1, 2).get(0);
		float[] before = this.inference.run("restarted", null, this.score, input);
		// Spring stops and starts lifecycle beans, for example when a cached test context
		// is
		// paused and resumed: loading versions must work again afterwards.
		this.inference.stop();
		this.inference.start();
		assertThat(this.inference.run("restarted", null, this.score, input)).containsExactly(before);
	}

	@Test
	void aRequestWithMoreInputsThanABatchRunsInOrderedChunks() throws Exception {
		this.publisher.publish(TinyModelKind.version("chunked", 9));
		List<float[]> inputs = randomInputs(21, 5);
		DistributionSummary batches = this.metrics.batchSize("chunked", "score");
		List<float[]> outputs = this.inference.runAll("chunked", null, this.score, inputs);
		assertThat(batches.count()).isEqualTo(3);
		assertThat(batches.max()).isEqualTo(8);
		assertThat(outputs).hasSize(21);
		for (int i = 0; i < inputs.size(); i++) {
			assertThat(outputs.get(i)).containsExactly(this.inference.run("chunked", null, this.score, inputs.get(i)));
		}
	}

	@Test
	void batchesOfSeveralRequestsFormUnderConcurrentLoad() throws Exception {
		this.publisher.publish(TinyModelKind.version("batching", 2));
		List<float[]> inputs = randomInputs(16, 3);
		this.inference.run("batching", null, this.score, inputs.get(0));
		DistributionSummary batches = this.meters.get("lantern.inference.batch.size")
			.tags("model", "batching", "operation", "score")
			.summary();
		long batchesBefore = batches.count();
		double inputsBefore = batches.totalAmount();
		int requests = 16 * 20;
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> done = new ArrayList<>();
		for (int t = 0; t < 16; t++) {
			done.add(this.clients.submit(() -> {
				start.await();
				for (int i = 0; i < 20; i++) {
					this.inference.run("batching", null, this.score, inputs.get(i % inputs.size()));
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> future : done) {
			future.get(60, TimeUnit.SECONDS);
		}
		long batchCount = batches.count() - batchesBefore;
		assertThat(batches.totalAmount() - inputsBefore).isEqualTo(requests);
		assertThat(batchCount).isLessThan(requests);
		assertThat(batches.max()).isGreaterThan(1);
		assertThat(batches.max()).isLessThanOrEqualTo(8);
	}

	@Test
	void sixteenConcurrentClientsShareTheConfiguredNumberOfModelCopies() throws Exception {
		this.publisher.publish(TinyModelKind.version("copies", 6));
		List<float[]> inputs = randomInputs(16, 8);
		int copiesBefore = TinyModel.COPIES.get();
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> done = new ArrayList<>();
		for (int t = 0; t < 16; t++) {
			done.add(this.clients.submit(() -> {
				start.await();
				for (int i = 0; i < 10; i++) {
					this.inference.run("copies", null, this.score, inputs.get(i % inputs.size()));
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> future : done) {
			future.get(60, TimeUnit.SECONDS);
		}
		long workers = Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("inference-copies-v1-"))
			.count();
		// One device on the CPU backend: workers-per-device copies, made once at load.
		assertThat(workers).isEqualTo(this.properties.workersPerDevice());
		assertThat(TinyModel.COPIES.get() - copiesBefore).isEqualTo(this.properties.workersPerDevice());
	}

	@Test
	void aFullQueueAnswers503WithRetryAfter() throws Exception {
		this.publisher.publish(TinyModelKind.version("crowded", 3));
		BlockingOperation block = new BlockingOperation();
		List<Future<Integer>> accepted = new ArrayList<>();
		accepted.add(this.clients.submit(() -> this.inference.run("crowded", null, block, 0)));
		assertThat(block.awaitStarted()).isTrue();
		ExecutorService waiting = Executors.newFixedThreadPool(QUEUE_CAPACITY);
		try {
			for (int i = 1; i <= QUEUE_CAPACITY; i++) {
				int input = i;
				accepted.add(waiting.submit(() -> this.inference.run("crowded", null, block, input)));
			}
			awaitQueued("crowded", QUEUE_CAPACITY);
			UnavailableException rejected = catchThrowableOfType(UnavailableException.class,
					() -> this.inference.run("crowded", null, block, 99));
			assertThat(rejected.retryAfter()).isEqualTo(Duration.ofSeconds(1));
			assertThat(rejected).hasMessageContaining("crowded").hasMessageContaining("queue-capacity");
			block.release();
			for (int i = 0; i < accepted.size(); i++) {
				assertThat(accepted.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
			}
		}
		finally {
			block.release();
			waiting.shutdownNow();
		}
		assertThat(this.meters.get("lantern.inference.errors")
			.tags("model", "crowded", "operation", "block", "reason", "rejected")
			.counter()
			.count()).isEqualTo(1);
	}

	@Test
	void aRequestWaitingPastItsTimeoutAnswers504() throws Exception {
		this.publisher.publish(TinyModelKind.version("slow", 4));
		BlockingOperation block = new BlockingOperation();
		Future<Integer> running = this.clients.submit(() -> this.inference.run("slow", null, block, 1));
		assertThat(block.awaitStarted()).isTrue();
		long started = System.nanoTime();
		DeadlineExceededException waiting = catchThrowableOfType(DeadlineExceededException.class,
				() -> this.inference.run("slow", null, block, 2));
		long waitedMillis = (System.nanoTime() - started) / 1_000_000;
		assertThat(waiting).isNotNull();
		assertThat(waitedMillis).isBetween(1000L, 5000L);
		Throwable first = catchThrowableOfType(ExecutionException.class, () -> running.get(10, TimeUnit.SECONDS))
			.getCause();
		assertThat(first).isInstanceOf(DeadlineExceededException.class);
		block.release();
		assertThat(this.inference.run("slow", null, this.score, new float[] { 1, 2, 3, 4 })).hasSize(3);
	}

	@Test
	void aBadInputFailsOnlyItsOwnRequestWhenBatchedWithOthers() throws Exception {
		this.publisher.publish(TinyModelKind.version("mixed", 5));
		List<float[]> inputs = randomInputs(24, 11);
		inputs.set(9, new float[] { 1, 2, 3 });
		CountDownLatch start = new CountDownLatch(1);
		List<Future<float[]>> results = new ArrayList<>();
		for (float[] input : inputs) {
			Callable<float[]> call = () -> {
				start.await();
				return this.inference.run("mixed", null, this.score, input);
			};
			results.add(this.clients.submit(call));
		}
		start.countDown();
		for (int i = 0; i < inputs.size(); i++) {
			if (i == 9) {
				Throwable failure = catchThrowableOfType(ExecutionException.class,
						() -> results.get(9).get(10, TimeUnit.SECONDS))
					.getCause();
				assertThat(failure).isInstanceOf(InvalidInputException.class).hasMessageContaining("4 features");
			}
			else {
				assertThat(results.get(i).get(10, TimeUnit.SECONDS))
					.containsExactly(this.inference.run("mixed", null, this.score, inputs.get(i)));
			}
		}
	}

	@Test
	void anOperationThatFailsCompletesTheRequestWithAServerError() throws Exception {
		this.publisher.publish(TinyModelKind.version("failing", 6));
		assertThatThrownBy(() -> this.inference.run("failing", null, new FailingOperation(), 1))
			.isInstanceOf(InferenceFailedException.class)
			.hasMessageContaining("failing v1");
	}

	@Test
	void aRequestRacingTheDeleteOfItsVersionIsNotFound() throws Exception {
		this.publisher.publish(TinyModelKind.version("racing", 3));
		ModelVersionInfo resolved = this.inference.resolve("racing", 1);
		this.registry.delete("racing", 1, true);
		assertThat(catchThrowableOfType(NotFoundException.class, () -> this.inference.load(resolved)))
			.hasMessageContaining("racing")
			.hasMessageContaining("deleted");
	}

	@Test
	void unknownModelsAndVersionsAreNotFound() throws Exception {
		this.publisher.publish(TinyModelKind.version("known", 7));
		assertThat(catchThrowableOfType(NotFoundException.class,
				() -> this.inference.run("unknown", null, this.score, new float[4])))
			.hasMessageContaining("unknown");
		assertThat(catchThrowableOfType(NotFoundException.class,
				() -> this.inference.run("known", 9, this.score, new float[4])))
			.hasMessageContaining("known v9");
	}

	@Test
	void theSystemReportListsLoadedVersions() throws Exception {
		this.publisher.publish(TinyModelKind.version("reported", 8));
		this.inference.run("reported", null, this.score, new float[] { 0, 0, 0, 1 });
		SystemReportSection section = this.sections.stream()
			.filter((candidate) -> candidate.name().equals("inference"))
			.findFirst()
			.orElseThrow();
		@SuppressWarnings("unchecked")
		List<InferenceRuntime.LoadedVersion> loaded = (List<InferenceRuntime.LoadedVersion>) ((Map<?, ?>) section
			.content()).get("loaded");
		assertThat(loaded).anySatisfy((version) -> {
			assertThat(version.model()).isEqualTo("reported");
			assertThat(version.version()).isEqualTo(1);
			assertThat(version.workers()).isEqualTo(1);
			assertThat(version.estimatedBytes()).isEqualTo((4 * 8 + 8 + 8 * 3 + 3) * 4);
		});
	}

	private void awaitQueued(String model, int queued) throws InterruptedException {
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < until) {
			if (this.inference.loadedVersions()
				.stream()
				.anyMatch((version) -> version.model().equals(model) && version.queued() == queued)) {
				return;
			}
			Thread.sleep(10);
		}
		throw new AssertionError("The queue of " + model + " never held " + queued + " requests");
	}

	private static List<float[]> randomInputs(int count, long seed) {
		Random random = new Random(seed);
		List<float[]> inputs = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			inputs.add(new float[] { random.nextFloat(), random.nextFloat() * 2 - 1, random.nextFloat() * 5,
					random.nextFloat() });
		}
		return inputs;
	}

}
