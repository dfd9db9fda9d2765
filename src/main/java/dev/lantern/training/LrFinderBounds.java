package dev.lantern.training;

import dev.lantern.system.errors.InvalidInputException;

/**
 * The bounds of a finder spec's fields ({@code startLr}, {@code endLr},
 * {@code iterations}, {@code stopDiv}), with fastai's {@code lr_find} defaults for the
 * ones left out.
 */
public final class LrFinderBounds {

	/** The highest rate a sweep may reach. */
	public static final double MAX_LR = 10;

	public static final int MIN_ITERATIONS = 10;

	public static final int MAX_ITERATIONS = 1000;

	private LrFinderBounds() {
	}

	/**
	 * The settings of a spec; a 400 naming {@code spec.<field>} when a rate is not a
	 * finite number in (0, 10], {@code startLr} is not below {@code endLr}, or
	 * {@code iterations} is outside [10, 1000].
	 */
	public static LrFinder.Settings settings(Double startLr, Double endLr, Integer iterations, Boolean stopDiv) {
		LrFinder.Settings defaults = LrFinder.Settings.FASTAI;
		double start = rate("startLr", (startLr != null) ? startLr : defaults.startLr());
		double end = rate("endLr", (endLr != null) ? endLr : defaults.endLr());
		if (!(start < end)) {
			throw InvalidInputException.field("spec.startLr",
					"'spec.startLr' (" + start + ") must be below 'spec.endLr' (" + end + ")");
		}
		int steps = (iterations != null) ? iterations : defaults.iterations();
		if (steps < MIN_ITERATIONS || steps > MAX_ITERATIONS) {
			throw InvalidInputException.field("spec.iterations", "'spec.iterations' must be between " + MIN_ITERATIONS
					+ " and " + MAX_ITERATIONS + ", not " + steps);
		}
		return new LrFinder.Settings(start, end, steps, (stopDiv != null) ? stopDiv : defaults.stopDiv());
	}

	private static double rate(String field, double value) {
		if (!Double.isFinite(value) || value <= 0 || value > MAX_LR) {
			throw InvalidInputException.field("spec." + field,
					"'spec." + field + "' must be a finite number above 0 and at most " + MAX_LR + ", not " + value);
		}
		return value;
	}

}
