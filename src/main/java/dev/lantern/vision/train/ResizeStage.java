package dev.lantern.vision.train;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The optional third stage of a {@code vision-train} job, progressive resizing: after the
 * frozen and unfrozen stages, the same network (unfrozen, same weights) continues on
 * larger images. fastai lesson 6 ({@code lesson6-pets-more}) trains at 224, then sets
 * {@code learn.data = get_data(352, bs)} and runs
 * {@code fit_one_cycle(2, max_lr=slice(1e-6, 1e-4))}: the defaults below. The published
 * version takes images of this stage's size.
 *
 * @param imageSize the side of the larger images, more than the spec's {@code imageSize}
 * (lesson 6: 352)
 * @param epochs epochs at that size (lesson 6: 2)
 * @param batchSize images per step (default the spec's {@code batchSize}; larger images
 * take more memory per image)
 * @param lrMin the first layer group's peak learning rate, fastai
 * {@code slice(lrMin, lrMax)} (lesson 6: 1e-6)
 * @param lrMax the head's peak learning rate (lesson 6: 1e-4)
 * @param pctStart the share of the cycle spent warming up (fastai's default 0.3, which
 * lesson 6 keeps for this stage)
 */
public record ResizeStage(@Min(16) @Max(1024) Integer imageSize, @Min(1) @Max(1000) Integer epochs,
		@Min(1) @Max(1024) Integer batchSize, @DecimalMin("0") @DecimalMax("10") Double lrMin,
		@DecimalMin("0") @DecimalMax("10") Double lrMax, @DecimalMin("0") @DecimalMax("1") Double pctStart) {

	/** Lesson 6's stage: 352 pixels, 2 epochs at {@code slice(1e-6, 1e-4)}. */
	public static final ResizeStage LESSON = new ResizeStage(null, null, null, null, null, null);

	public ResizeStage {
		imageSize = (imageSize != null) ? imageSize : 352;
		epochs = (epochs != null) ? epochs : 2;
		lrMin = (lrMin != null) ? lrMin : 1e-6;
		lrMax = (lrMax != null) ? lrMax : 1e-4;
		pctStart = (pctStart != null) ? pctStart : 0.3;
	}

	/** The batch size of the stage: its own, else the spec's. */
	int batchSizeOr(int specBatchSize) {
		return (this.batchSize != null) ? this.batchSize : specBatchSize;
	}

}
