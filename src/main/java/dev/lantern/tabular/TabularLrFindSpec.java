package dev.lantern.tabular;

import java.util.List;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.lantern.training.LrFinder;
import dev.lantern.training.LrFinderBounds;

/**
 * The spec of a {@code tabular-lr-find} job: the dataset and network fields of a
 * {@code tabular-train} spec (see {@link TabularTrainSpec}) and fastai's {@code lr_find}
 * arguments.
 *
 * @param startLr the first rate of the sweep (fastai {@code start_lr=1e-7})
 * @param endLr the rate the sweep reaches (fastai {@code end_lr=10}); in (0, 10] and
 * above {@code startLr}
 * @param iterations mini-batches in the sweep (fastai {@code num_it=100}), 10 to 1000
 * @param stopDiv stop once the smoothed loss exceeds 4 times its minimum (fastai
 * {@code stop_div=True})
 */
public record TabularLrFindSpec(@NotBlank String datasetId, String file, String storeDatasetId,
		@PresetName String preset, String target, List<@NotBlank String> categorical, List<@NotBlank String> continuous,
		String dateColumn, @Size(min = 1, max = 10) List<@Min(1) Integer> layers,
		@Size(min = 1, max = 10) List<@DecimalMin("0") @DecimalMax("0.99") Double> ps,
		@DecimalMin("0") @DecimalMax("0.99") Double embeddingDropout, @DecimalMin("1") Double yRangeHeadroom,
		@DecimalMin("0") Double weightDecay, @Min(1) @Max(65536) Integer batchSize,
		@Pattern(regexp = "last-days|random") String validation, @Min(1) Integer validDays,
		@DecimalMin("0.01") @DecimalMax("0.9") Double validFraction, Long seed,
		@DecimalMin(value = "0", inclusive = false) @DecimalMax("10") Double startLr,
		@DecimalMin(value = "0", inclusive = false) @DecimalMax("10") Double endLr,
		@Min(LrFinderBounds.MIN_ITERATIONS) @Max(LrFinderBounds.MAX_ITERATIONS) Integer iterations, Boolean stopDiv) {

	/** The sweep; a 400 naming the field when it is out of bounds. */
	LrFinder.Settings finder() {
		return LrFinderBounds.settings(this.startLr, this.endLr, this.iterations, this.stopDiv);
	}

	/** The same data and network as a training spec, to load the table and settings. */
	TabularTrainSpec asTrainSpec() {
		return new TabularTrainSpec("lr-find", this.datasetId, this.file, this.storeDatasetId, this.preset, this.target,
				this.categorical, this.continuous, this.dateColumn, this.layers, this.ps, this.embeddingDropout,
				this.yRangeHeadroom, 1, null, this.weightDecay, this.batchSize, this.validation, this.validDays,
				this.validFraction, this.seed);
	}

}
