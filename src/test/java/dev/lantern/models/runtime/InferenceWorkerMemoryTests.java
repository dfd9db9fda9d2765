package dev.lantern.models.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.lantern.models.ModelPublisher;
import dev.lantern.models.tiny.ScoreOperation;
import dev.lantern.models.tiny.TinyModelKind;
import dev.lantern.models.tiny.TinyModelTest;
import dev.lantern.system.errors.UnavailableException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code lantern.inference.worker-memory}: batches are cut so that their examples'
 * estimated activations fit one worker's budget, the answers do not change, and a version
 * whose one example needs more than the budget does not load. The tiny models here
 * declare their activation bytes per example (a budget of 4 MB and 1 MB per example: 4
 * per pass; the context's {@code max-batch-size} is 8).
 */
@TinyModelTest
@TestPropertySource(properties = "lantern.inference.worker-memory=4MB")
class InferenceWorkerMemoryTests {

	private static final long MB = 1L << 20;

	@Autowired
	InferenceRuntime inference;

	@Autowired
	ModelPublisher publisher;

	@Autowired
	ScoreOperation score;

	@Autowired
	MeterRegistry meters;

	@Autowired
	InferenceMetrics metrics;

	@Autowired
	MockMvc mvc;

	private final ExecutorService clients = Executors.newFixedThreadPool(16);

	@AfterEach
	void stopClients() {
		this.clients.shutdownNow();
	}

	@Test
	void aRequestLargerThanTheBudgetRunsInPassesThatFitAndAnswersAsUnsplit() throws Exception {
		this.publisher.publish(TinyModelKind.version("budgeted", 9, MB));
		this.publisher.publish(TinyModelKind.version("unbudgeted", 9));
		List<float[]> inputs = randomInputs(21, 5);
		DistributionSummary budgeted = this.metrics.batchSize("budgeted", "score");
		DistributionSummary unbudgeted = this.metrics.batchSize("unbudgeted", "score");

		List<float[]> split = this.inference.runAll("budgeted", null, this.score, inputs);
		List<float[]> whole = this.inference.runAll("unbudgeted", null, this.score, inputs);

		// 21 inputs: passes of 4 under the budget (6 passes), of max-batch-size 8
		// without.
		assertThat(budgeted.count()).isEqualTo(6);
		assertThat(budgeted.max()).isEqualTo(4);
		assertThat(unbudgeted.count()).isEqualTo(3);
		assertThat(unbudgeted.max()).isEqualTo(8);
		assertThat(split).hasSize(21);
		for (int i = 0; i < inputs.size(); i++) {
			assertThat(split.get(i)).as("input %d", i).containsExactly(whole.get(i));
		}
	}

	@Test
	void concurrentRequestsBatchWithinTheBudgetAndGetTheirOwnAnswers() throws Exception {
		this.publisher.publish(TinyModelKind.version("crowded-budget", 3, MB));
		List<float[]> inputs = randomInputs(16, 3);
		List<float[]> sequential = new ArrayList<>();
		for (float[] input : inputs) {
			sequential.add(this.inference.run("crowded-budget", null, this.score, input));
		}
		DistributionSummary batches = this.metrics.batchSize("crowded-budget", "score");
		long before = batches.count();
		CountDownLatch start = new CountDownLatch(1);
		List<Future<List<float[]>>> results = new ArrayList<>();
		for (int t = 0; t < 16; t++) {
			int offset = t;
			results.add(this.clients.submit(() -> {
				start.await();
				List<float[]> outputs = new ArrayList<>();
				for (int i = 0; i < 20; i++) {
					outputs.add(this.inference.run("crowded-budget", null, this.score,
							inputs.get((offset + i) % inputs.size())));
				}
				return outputs;
			}));
		}
		start.countDown();
		for (int t = 0; t < 16; t++) {
			List<float[]> outputs = results.get(t).get(60, TimeUnit.SECONDS);
			for (int i = 0; i < outputs.size(); i++) {
				assertThat(outputs.get(i)).containsExactly(sequential.get((t + i) % inputs.size()));
			}
		}
		// Batches formed (fewer batches than requests) but none beyond the budget's 4.
		assertThat(batches.count() - before).isLessThan(16 * 20);
		assertThat(batches.max()).isGreaterThan(1).isLessThanOrEqualTo(4);
	}

	@Test
	void theReportAndTheMetricsShowEachVersionsBatchLimit() throws Exception {
		this.publisher.publish(TinyModelKind.version("limited", 4, MB + 1));
		this.inference.run("limited", null, this.score, new float[] { 1, 2, 3, 4 });
		InferenceRuntime.LoadedVersion version = this.inference.loadedVersions()
			.stream()
			.filter((loaded) -> loaded.model().equals("limited"))
			.findFirst()
			.orElseThrow();
		// 4 MB over one byte more than 1 MB: 3 per pass.
		assertThat(version.activationBytesPerExample()).isEqualTo(MB + 1);
		assertThat(version.maxBatchExamples()).isEqualTo(3);
		assertThat(version.activationBytes()).isEqualTo(3 * (MB + 1));
		// The cache counts the weights and a full pass's activations per worker.
		assertThat(version.estimatedBytes()).isEqualTo((4 * 8 + 8 + 8 * 3 + 3) * 4 + 3 * (MB + 1));
		assertThat(this.meters.get("lantern.inference.batch.limit")
			.tags("model", "limited", "version", "1")
			.gauge()
			.value()).isEqualTo(3);
	}

	@Test
	void aVersionWhoseOneInputExceedsTheBudgetIsRefusedNamingTheSetting() throws Exception {
		this.publisher.publish(TinyModelKind.version("oversized", 2, 5 * MB));
		UnavailableException refused = catchThrowableOfType(UnavailableException.class,
				() -> this.inference.run("oversized", null, this.score, new float[] { 1, 2, 3, 4 }));
		assertThat(refused).hasMessageContaining("oversized")
			.hasMessageContaining("5.0 MB")
			.hasMessageContaining("lantern.inference.worker-memory (4.0 MB)");
		assertThat(refused.details()).containsEntry("setting", "lantern.inference.worker-memory")
			.containsEntry("activationBytesPerInput", 5 * MB)
			.containsEntry("workerMemoryBytes", 4 * MB);
		assertThat(this.inference.isLoaded("oversized", 1)).isFalse();
		this.mvc.perform(post("/v2/models/oversized/infer").contentType(MediaType.APPLICATION_JSON).content("""
				{"inputs": [{"name": "features", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}]}"""))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().exists("Retry-After"))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(containsString("lantern.inference.worker-memory")))
			.andExpect(jsonPath("$.setting").value("lantern.inference.worker-memory"))
			.andExpect(jsonPath("$.error").value(containsString("raise lantern.inference.worker-memory")));
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
