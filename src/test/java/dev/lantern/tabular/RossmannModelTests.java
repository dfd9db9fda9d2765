package dev.lantern.tabular;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lantern.tabular.rossmann.RossmannSamples;
import dev.lantern.training.EpochMetrics;
import dev.lantern.training.TrainingCallback;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trains the entity-embedding model on generated Rossmann data with a known noise level,
 * read through the Rossmann preset with the lesson's inputs, and checks it against the
 * floor and a per-store, per-day-of-week median baseline.
 */
class RossmannModelTests {

	static final double SIGMA = 0.1;

	static final int VALID_DAYS = 14;

	@TempDir
	static Path data;

	static Frame features;

	static TabularTrainer.Result result;

	static TabularTrainer.Split split;

	static List<EpochMetrics> reported = new ArrayList<>();

	static long trainingMillis;

	@BeforeAll
	static void train() throws Exception {
		RossmannSamples.write(data, 30, 420, SIGMA, 42, LocalDate.of(2014, 1, 1));
		TrainingTable table = TabularTestModel.load(RossmannSamples.preset(), data, VALID_DAYS);
		features = table.features();
		split = table.split();
		TabularSettings settings = new TabularSettings(List.of(200, 100), List.of(0.001, 0.01), 0.04, 1.2, 8, 1e-2, 0.2,
				128, 7);
		long start = System.nanoTime();
		result = TabularTrainer.fit(features, split, "Sales", table.schema().categorical(), table.schema().continuous(),
				settings, new TrainingCallback() {
					@Override
					public void afterEpoch(EpochMetrics metrics) {
						reported.add(metrics);
					}
				});
		trainingMillis = (System.nanoTime() - start) / 1_000_000;
		System.out.printf("train rows %d, valid rows %d, %d ms%n", result.trainRows(), result.validRows(),
				trainingMillis);
		result.history().forEach(System.out::println);
	}

	@Test
	void validationRmspeIsWithinOnePointThreeTimesTheFloor() {
		double floor = RossmannSamples.rmspeFloor(SIGMA);
		double rmspe = result.last().metrics().get("rmspe");
		System.out.printf("rmspe %.4f floor %.4f ratio %.3f%n", rmspe, floor, rmspe / floor);
		assertThat(rmspe).isLessThan(1.3 * floor);
	}

	@Test
	void beatsThePerStorePerDayOfWeekMedianClearly() {
		double baseline = TabularBenchmarkSupport.medianBaseline(features, split);
		double rmspe = result.last().metrics().get("rmspe");
		System.out.printf("rmspe %.4f median baseline %.4f%n", rmspe, baseline);
		assertThat(rmspe).isLessThan(0.75 * baseline);
	}

	@Test
	void reportsEveryEpochThroughTheCallback() {
		assertThat(reported).hasSize(8);
		assertThat(reported).allSatisfy((epoch) -> {
			assertThat(epoch.validLoss()).isNotNull().isPositive();
			assertThat(epoch.metrics()).containsKey("rmspe");
		});
		assertThat(reported.get(7).trainLoss()).isLessThan(reported.get(0).trainLoss());
	}

	static double[] copy(double[] values) {
		return Arrays.copyOf(values, values.length);
	}

}
