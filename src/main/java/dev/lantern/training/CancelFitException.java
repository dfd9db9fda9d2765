package dev.lantern.training;

/**
 * Thrown from a {@link TrainingCallback} event to stop a fit, as fastai's
 * {@code CancelFitException} does.
 */
public class CancelFitException extends RuntimeException {

	public CancelFitException(String message) {
		super(message);
	}

}
