package dev.lantern.tabular;

import java.util.List;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.lantern.system.errors.InvalidInputException;

/**
 * The spec of a {@code tabular-train} job. Everything but {@code model} and
 * {@code datasetId} is optional; a missing setting takes its {@code lantern.tabular.*}
 * default.
 *
 * @param model the model to publish a new version of
 * @param datasetId the dataset holding the training table ({@code train.csv} for the
 * Rossmann preset, else its only CSV file)
 * @param file the training table's file name in the dataset, when it holds several
 * @param storeDatasetId Rossmann: the dataset holding {@code store.csv} (and optionally
 * {@code store_states.csv}), when not the training dataset
 * @param preset the {@link TabularPreset} that reads the dataset: {@code rossmann}
 * (Lesson 6's tables and features) or {@code none} (the CSV's own columns); default
 * {@code lantern.tabular.default-preset}
 * @param target the column to predict (Rossmann: {@code Sales}); must be positive on the
 * rows trained on
 * @param categorical categorical columns (default: Rossmann, the lesson's; none, the
 * profile's suggestion)
 * @param continuous continuous columns (default as for categorical)
 * @param dateColumn none: a date column to add date parts of and to validate by
 * @param layers hidden layer sizes (1 to 10 layers of 1 to 100000 units; the network must
 * also fit the memory available, see {@code lantern.training.memory-fraction})
 * @param ps dropout after each hidden layer, 0 to 0.99
 * @param embeddingDropout dropout on the merged embeddings, 0 to 0.99
 * @param yRangeHeadroom top of the y range as a multiple of the largest log target, 1 to
 * 10
 * @param epochs epochs, 1 to 1000
 * @param learningRate peak learning rate of the one-cycle schedule, above 0 and at most
 * 10
 * @param weightDecay decoupled weight decay, 0 to 1
 * @param batchSize rows per optimiser step, 1 to 65536
 * @param validation {@code last-days} (default with a date) or {@code random}
 * @param validDays the number of most recent days validated on, 1 to 36500
 * @param validFraction the fraction of random rows validated on
 * @param seed random seed
 */
public record TabularTrainSpec(@NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,100}") String model,
		@NotBlank String datasetId, String file, String storeDatasetId, @PresetName String preset, String target,
		@Size(max = 1000) List<@NotBlank String> categorical, @Size(max = 1000) List<@NotBlank String> continuous,
		String dateColumn, @Size(min = 1, max = 10) List<@NotNull @Min(1) @Max(100000) Integer> layers,
		@Size(min = 1, max = 10) List<@NotNull @DecimalMin("0") @DecimalMax("0.99") Double> ps,
		@DecimalMin("0") @DecimalMax("0.99") Double embeddingDropout,
		@DecimalMin("1") @DecimalMax("10") Double yRangeHeadroom, @Min(1) @Max(1000) Integer epochs,
		@DecimalMin(value = "0", inclusive = false) @DecimalMax("10") Double learningRate,
		@DecimalMin("0") @DecimalMax("1") Double weightDecay, @Min(1) @Max(65536) Integer batchSize,
		@Pattern(regexp = "last-days|random") String validation, @Min(1) @Max(36500) Integer validDays,
		@DecimalMin("0.01") @DecimalMax("0.9") Double validFraction, Long seed) {

	TabularSettings settings(TabularProperties defaults) {
		List<Integer> sizes = (this.layers != null) ? this.layers : defaults.layers();
		List<Double> dropout = (this.ps != null) ? this.ps : defaults.ps();
		if (dropout.size() != sizes.size()) {
			throw InvalidInputException.field("spec.ps",
					"spec.ps has " + dropout.size() + " values but spec.layers has " + sizes.size()
							+ "; give one dropout probability per hidden layer");
		}
		return new TabularSettings(sizes, dropout, or(this.embeddingDropout, defaults.embeddingDropout()),
				or(this.yRangeHeadroom, defaults.yRangeHeadroom()), or(this.epochs, defaults.epochs()),
				or(this.learningRate, defaults.learningRate()), or(this.weightDecay, defaults.weightDecay()),
				or(this.batchSize, defaults.batchSize()), or(this.seed, defaults.seed()));
	}

	private static <T> T or(T value, T fallback) {
		return (value != null) ? value : fallback;
	}

}
