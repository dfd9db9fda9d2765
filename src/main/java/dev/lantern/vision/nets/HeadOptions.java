package dev.lantern.vision.nets;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

/**
 * The classifier head put on a body, as fastai v1's {@code create_head}: concatenated
 * adaptive max and average pooling, flatten, then BatchNorm, dropout, linear
 * {@code hidden} + ReLU, BatchNorm, dropout, linear to the classes.
 *
 * @param ps the dropout probability of the last dropout; the first one uses half of it,
 * as fastai splits a single {@code ps} (fastai default 0.5, so 0.25 then 0.5)
 * @param hidden the width of the hidden linear layer (fastai default 512)
 * @param bnFinal whether a BatchNorm follows the last linear layer (fastai's
 * {@code bn_final}, default false; its momentum is fastai's 0.01)
 */
public record HeadOptions(@DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false) double ps,
		@Min(1) int hidden, boolean bnFinal) {

	public HeadOptions {
		if (!(ps >= 0 && ps < 1)) {
			throw new IllegalArgumentException("ps must be in [0, 1), was " + ps);
		}
		if (hidden < 1) {
			throw new IllegalArgumentException("hidden must be at least 1, was " + hidden);
		}
	}

	/** fastai's defaults: {@code ps=0.5}, 512 hidden units, no final BatchNorm. */
	public static HeadOptions fastai() {
		return new HeadOptions(0.5, 512, false);
	}

	/** The same head with or without the final BatchNorm. */
	public HeadOptions withBnFinal(boolean bnFinal) {
		return new HeadOptions(this.ps, this.hidden, bnFinal);
	}

	/** The dropout probability before the hidden layer: {@code ps / 2}. */
	double firstDropout() {
		return this.ps / 2;
	}

}
