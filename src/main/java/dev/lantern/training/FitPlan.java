package dev.lantern.training;

/**
 * What a fit is about to do.
 *
 * @param epochs how many epochs
 * @param stepsPerEpoch how many optimizer steps (mini-batches) each epoch takes
 */
public record FitPlan(int epochs, long stepsPerEpoch) {

	public long totalSteps() {
		return this.epochs * this.stepsPerEpoch;
	}

}
