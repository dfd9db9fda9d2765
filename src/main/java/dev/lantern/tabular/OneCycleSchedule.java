package dev.lantern.tabular;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * fastai's one-cycle learning rate ({@code fit_one_cycle}): cosine warm-up from
 * {@code max / div} to {@code max} over the first {@code pctStart} of the iterations,
 * then cosine annealing down to {@code max / divFinal}. fastai also cycles Adam's first
 * moment (0.95 to 0.85 and back); this schedule does not. Serialised with the model
 * configuration, hence the JSON properties.
 */
final class OneCycleSchedule implements ISchedule {

	/** fastai's default fraction of the iterations spent warming up: 0.25. */
	static final double PCT_START = 0.25;

	/** fastai's default ratio of the peak to the starting rate: 25. */
	static final double DIV = 25;

	/** fastai's default ratio of the peak to the final rate: 1e5. */
	static final double DIV_FINAL = 1e5;

	@JsonProperty
	private final double max;

	@JsonProperty
	private final long totalIterations;

	OneCycleSchedule(@JsonProperty("max") double max, @JsonProperty("totalIterations") long totalIterations) {
		this.max = max;
		this.totalIterations = Math.max(1, totalIterations);
	}

	@Override
	public double valueAt(int iteration, int epoch) {
		double position = Math.min(1.0, (double) iteration / this.totalIterations);
		if (position < PCT_START) {
			return cosine(this.max / DIV, this.max, position / PCT_START);
		}
		return cosine(this.max, this.max / DIV_FINAL, (position - PCT_START) / (1 - PCT_START));
	}

	private static double cosine(double start, double end, double fraction) {
		return end + (start - end) / 2 * (1 + Math.cos(Math.PI * fraction));
	}

	@Override
	public ISchedule clone() {
		return new OneCycleSchedule(this.max, this.totalIterations);
	}

}
