package dev.lantern.vision.train;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.training.LearningRate;
import dev.lantern.training.LrFinder;
import dev.lantern.training.LrFinderBounds;
import dev.lantern.vision.augment.TransformSettings;

/**
 * The spec of a {@code vision-lr-find} job: the dataset and network fields of a
 * {@code vision-train} spec (see {@link VisionTrainSpec}, same defaults), the stage to
 * sweep and fastai's {@code lr_find} arguments. Lesson 6 runs the finder twice: on the
 * frozen network before the first fit, and unfrozen before the second.
 *
 * @param stage {@code frozen} (the body frozen, the default) or {@code unfrozen} (every
 * layer group trains)
 * @param frozenEpochs for the {@code unfrozen} stage, epochs of one-cycle training with
 * the body frozen before the sweep, as lesson 6 fits the head before
 * {@code learn.unfreeze(); learn.lr_find()} (default 3, {@code vision-train}'s; 0 sweeps
 * the network as built); 0 to 1000, and 0 or absent for the {@code frozen} stage, whose
 * sweep runs before any fit
 * @param frozenLr the peak rate of that frozen fit, fastai {@code slice(frozenLr)} as in
 * {@code vision-train} (default 1e-2, lesson 6's); above 0, at most 10
 * @param startLr the first rate of the sweep (fastai {@code start_lr=1e-7})
 * @param endLr the rate the sweep reaches (fastai {@code end_lr=10}); in (0, 10] and
 * above {@code startLr}
 * @param iterations mini-batches in the sweep (fastai {@code num_it=100}), 10 to 1000
 * @param stopDiv stop once the smoothed loss exceeds 4 times its minimum (fastai
 * {@code stop_div=True})
 */
public record VisionLrFindSpec(@NotBlank String datasetId, @Pattern(regexp = "[a-z0-9-]{1,40}") String architecture,
		PretrainedChoice pretrained, Boolean bnFinal, @Min(16) @Max(1024) Integer imageSize,
		@Min(1) @Max(1024) Integer batchSize, @DecimalMin("0") @DecimalMax("1") Double weightDecay,
		@Valid TransformSettings transforms, Long seed, @Min(4) @Max(256) Integer width,
		@Pattern(regexp = "frozen|unfrozen") String stage, @Min(0) @Max(1000) Integer frozenEpochs,
		@DecimalMin(value = "0", inclusive = false) @DecimalMax("10") Double frozenLr,
		@DecimalMin(value = "0", inclusive = false) @DecimalMax("10") Double startLr,
		@DecimalMin(value = "0", inclusive = false) @DecimalMax("10") Double endLr,
		@Min(LrFinderBounds.MIN_ITERATIONS) @Max(LrFinderBounds.MAX_ITERATIONS) Integer iterations, Boolean stopDiv) {

	public VisionLrFindSpec {
		stage = (stage != null) ? stage : VisionTrainer.FROZEN;
	}

	/**
	 * The epochs fitted frozen before the sweep: the spec's, else 3
	 * ({@code vision-train}'s default) before an unfrozen sweep and none before a frozen
	 * one; a 400 naming {@code spec.frozenEpochs} when a frozen sweep asks for a fit.
	 */
	int frozenFitEpochs() {
		if (!unfrozen()) {
			if (this.frozenEpochs != null && this.frozenEpochs > 0) {
				throw InvalidInputException.field("spec.frozenEpochs", "spec.frozenEpochs (" + this.frozenEpochs
						+ ") applies to the unfrozen stage only: the frozen sweep runs before any fit");
			}
			return 0;
		}
		return (this.frozenEpochs != null) ? this.frozenEpochs : VisionTrainSpec.of(null, null).frozenEpochs();
	}

	/** The sweep; a 400 naming the field when it is out of bounds. */
	LrFinder.Settings finder() {
		return LrFinderBounds.settings(this.startLr, this.endLr, this.iterations, this.stopDiv);
	}

	boolean unfrozen() {
		return VisionTrainer.UNFROZEN.equals(this.stage);
	}

	/**
	 * The same data and network as a training spec, with its defaults: the frozen fit
	 * before the sweep as its frozen stage, no unfrozen stage.
	 */
	VisionTrainSpec asTrainSpec() {
		return new VisionTrainSpec(this.datasetId, "lr-find", this.architecture, this.pretrained, this.bnFinal,
				this.imageSize, this.batchSize, frozenFitEpochs(),
				(this.frozenLr != null) ? LearningRate.of(this.frozenLr) : null, 0, null, null, null, this.weightDecay,
				this.transforms, this.seed, this.width);
	}

}
