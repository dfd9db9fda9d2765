package dev.lantern.training;

import dev.lantern.system.errors.InvalidInputException;

/**
 * A fit whose loss stopped being a finite number: the weights have blown up and nothing
 * after this step can be trusted, so the fit stops at once and publishes nothing. Almost
 * always the learning rate is too high for the data.
 */
public class TrainingDivergedException extends InvalidInputException {

	/**
	 * @param epoch the epoch, counted from 0
	 * @param step the optimizer step since the start of the fit, counted from 0
	 * @param what the figure that is not finite, such as {@code loss}
	 * @param value its value
	 */
	public TrainingDivergedException(int epoch, long step, String what, double value) {
		super("Training diverged at epoch " + (epoch + 1) + ", step " + (step + 1) + "; try a lower learning rate (the "
				+ what + " became " + value + ")");
		with("epoch", epoch + 1);
		with("step", step + 1);
	}

}
