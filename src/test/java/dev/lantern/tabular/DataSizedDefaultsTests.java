package dev.lantern.tabular;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A spec naming only the model and the dataset gets a batch size and rate that fit the
 * number of training rows; what the spec or the configuration sets wins.
 */
class DataSizedDefaultsTests {

	@Test
	void smallTablesGetFastaisBatchAndAHigherRate() {
		assertThat(DataSizedDefaults.batchSize(1)).isEqualTo(64);
		assertThat(DataSizedDefaults.batchSize(16_000)).isEqualTo(64);
		assertThat(DataSizedDefaults.batchSize(25_000)).isEqualTo(64);
		assertThat(DataSizedDefaults.learningRate(64)).isCloseTo(2.83e-3, within(1e-5));
	}

	@Test
	void theBatchGrowsWhileAnEpochKeepsItsSteps() {
		assertThat(DataSizedDefaults.batchSize(32_767)).isEqualTo(64);
		assertThat(DataSizedDefaults.batchSize(32_768)).isEqualTo(128);
		assertThat(DataSizedDefaults.batchSize(65_536)).isEqualTo(256);
		assertThat(DataSizedDefaults.batchSize(131_072)).isEqualTo(512);
		assertThat(DataSizedDefaults.learningRate(256)).isCloseTo(1.414e-3, within(1e-6));
	}

	@Test
	void kaggleSizeTablesKeepTheLessonsBatchAndRate() {
		assertThat(DataSizedDefaults.batchSize(844_338)).isEqualTo(512);
		assertThat(DataSizedDefaults.batchSize(Integer.MAX_VALUE)).isEqualTo(512);
		assertThat(DataSizedDefaults.learningRate(512)).isEqualTo(1e-3);
	}

	@Test
	void smallTablesGetEpochsUntilTheCycleHasItsSteps() {
		assertThat(DataSizedDefaults.epochs(14_715, 64)).as("231 steps an epoch").isEqualTo(9);
		assertThat(DataSizedDefaults.epochs(22_000, 64)).as("344 steps an epoch").isEqualTo(6);
		assertThat(DataSizedDefaults.epochs(500, 64)).isEqualTo(20);
		assertThat(DataSizedDefaults.epochs(844_338, 512)).isEqualTo(5);
		assertThat(DataSizedDefaults.epochs(Integer.MAX_VALUE, 512)).isEqualTo(5);
	}

	@Test
	void aSpecNamingOnlyModelAndDatasetTakesThemFromTheData() {
		TabularSettings settings = spec(null, null).settings(TabularTestModel.DEFAULTS, 20_000);
		assertThat(settings.batchSize()).isEqualTo(64);
		assertThat(settings.learningRate()).isEqualTo(DataSizedDefaults.learningRate(64));
		assertThat(settings.epochs()).isEqualTo(DataSizedDefaults.epochs(20_000, 64)).isEqualTo(7);
	}

	@Test
	void aBatchSizeInTheSpecSetsTheRateItsRuleGives() {
		TabularSettings settings = spec(512, null).settings(TabularTestModel.DEFAULTS, 20_000);
		assertThat(settings.batchSize()).isEqualTo(512);
		assertThat(settings.learningRate()).isEqualTo(1e-3);
	}

	@Test
	void theSpecAndTheConfigurationWin() {
		assertThat(spec(128, 5e-3).settings(TabularTestModel.DEFAULTS, 20_000)).satisfies((settings) -> {
			assertThat(settings.batchSize()).isEqualTo(128);
			assertThat(settings.learningRate()).isEqualTo(5e-3);
		});
		TabularProperties fixed = new TabularProperties(List.of(8), List.of(0.0), 0.04, 1.2, 3, 2e-3, 0.2, 256, 48, 0.2,
				42, 100_000, 4096, "rossmann");
		TabularSettings settings = spec(null, null).settings(fixed, 20_000);
		assertThat(settings.batchSize()).isEqualTo(256);
		assertThat(settings.learningRate()).isEqualTo(2e-3);
		assertThat(settings.epochs()).isEqualTo(3);
	}

	private static TabularTrainSpec spec(Integer batchSize, Double learningRate) {
		return new TabularTrainSpec("sales", "d1", null, null, null, null, null, null, null, null, null, null, null,
				null, (learningRate != null) ? dev.lantern.training.LearningRate.of(learningRate) : null, null,
				batchSize, null, null, null, null);
	}

}
