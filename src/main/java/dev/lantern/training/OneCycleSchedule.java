package dev.lantern.training;

import java.util.Objects;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * fastai v1's one-cycle learning-rate policy ({@code fit_one_cycle},
 * {@code OneCycleScheduler}) as a DL4J schedule: over the first {@code pctStart} of the
 * steps the rate rises from {@code lrMax / divFactor} to {@code lrMax}, then falls to
 * {@code lrMax / finalDiv}, both along half a cosine ({@code annealing_cos}). Use it as
 * the learning rate of an updater, for example {@code new Adam(schedule)}.
 * <p>
 * DL4J passes the model's iteration counter, which carries on across fits; a second cycle
 * after unfreezing starts at {@code startIteration}. Steps past the cycle keep the final
 * rate. fastai also cycles the momentum (0.95 to 0.85); DL4J's updaters take no momentum
 * schedule, so this covers the learning rate only.
 */
public final class OneCycleSchedule implements ISchedule {

	/** fastai v1 default: {@code pct_start = 0.3}. */
	public static final double DEFAULT_PCT_START = 0.3;

	/** fastai v1 default: {@code div_factor = 25}. */
	public static final double DEFAULT_DIV_FACTOR = 25.0;

	/**
	 * fastai v1 default: {@code final_div = div_factor * 1e4}, so 250000 with the default
	 * div factor.
	 */
	public static final double DEFAULT_FINAL_DIV = DEFAULT_DIV_FACTOR * 1e4;

	private static final long serialVersionUID = 1L;

	private final double lrMax;

	private final int totalIterations;

	private final int startIteration;

	private final double pctStart;

	private final double divFactor;

	private final double finalDiv;

	/** A cycle with fastai v1's defaults, starting at iteration 0. */
	public OneCycleSchedule(double lrMax, int totalIterations) {
		this(lrMax, totalIterations, 0, DEFAULT_PCT_START, DEFAULT_DIV_FACTOR, DEFAULT_FINAL_DIV);
	}

	/**
	 * @param lrMax the peak learning rate
	 * @param totalIterations the cycle's length in optimizer steps (epochs times steps
	 * per epoch)
	 * @param startIteration the model's iteration counter at the first step of the cycle
	 * @param pctStart the fraction of the steps spent rising
	 * @param divFactor the start rate is {@code lrMax / divFactor}
	 * @param finalDiv the final rate is {@code lrMax / finalDiv}
	 */
	@JsonCreator
	public OneCycleSchedule(@JsonProperty("lrMax") double lrMax, @JsonProperty("totalIterations") int totalIterations,
			@JsonProperty("startIteration") int startIteration, @JsonProperty("pctStart") double pctStart,
			@JsonProperty("divFactor") double divFactor, @JsonProperty("finalDiv") double finalDiv) {
		if (!(lrMax > 0) || totalIterations < 1 || startIteration < 0 || !(pctStart >= 0 && pctStart <= 1)
				|| !(divFactor > 0) || !(finalDiv > 0)) {
			throw new IllegalArgumentException("Invalid one-cycle schedule: lrMax " + lrMax + ", totalIterations "
					+ totalIterations + ", startIteration " + startIteration + ", pctStart " + pctStart + ", divFactor "
					+ divFactor + ", finalDiv " + finalDiv);
		}
		this.lrMax = lrMax;
		this.totalIterations = totalIterations;
		this.startIteration = startIteration;
		this.pctStart = pctStart;
		this.divFactor = divFactor;
		this.finalDiv = finalDiv;
	}

	@Override
	public double valueAt(int iteration, int epoch) {
		int step = Math.max(0, iteration - this.startIteration);
		// fastai v1: a1 = int(n * pct_start) steps up, the rest down.
		int up = (int) (this.totalIterations * this.pctStart);
		if (step < up) {
			return annealCos(this.lrMax / this.divFactor, this.lrMax, (double) step / up);
		}
		int down = this.totalIterations - up;
		if (down <= 0) {
			return this.lrMax;
		}
		double pct = Math.min(1.0, (double) (step - up) / down);
		return annealCos(this.lrMax, this.lrMax / this.finalDiv, pct);
	}

	/** fastai's {@code annealing_cos}: from start to end along half a cosine. */
	static double annealCos(double start, double end, double pct) {
		return end + (start - end) / 2 * (Math.cos(Math.PI * pct) + 1);
	}

	@Override
	public ISchedule clone() {
		return new OneCycleSchedule(this.lrMax, this.totalIterations, this.startIteration, this.pctStart,
				this.divFactor, this.finalDiv);
	}

	@JsonProperty("lrMax")
	public double getLrMax() {
		return this.lrMax;
	}

	@JsonProperty("totalIterations")
	public int getTotalIterations() {
		return this.totalIterations;
	}

	@JsonProperty("startIteration")
	public int getStartIteration() {
		return this.startIteration;
	}

	@JsonProperty("pctStart")
	public double getPctStart() {
		return this.pctStart;
	}

	@JsonProperty("divFactor")
	public double getDivFactor() {
		return this.divFactor;
	}

	@JsonProperty("finalDiv")
	public double getFinalDiv() {
		return this.finalDiv;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof OneCycleSchedule that && this.lrMax == that.lrMax
				&& this.totalIterations == that.totalIterations && this.startIteration == that.startIteration
				&& this.pctStart == that.pctStart && this.divFactor == that.divFactor && this.finalDiv == that.finalDiv;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.lrMax, this.totalIterations, this.startIteration, this.pctStart, this.divFactor,
				this.finalDiv);
	}

	@Override
	public String toString() {
		return "OneCycleSchedule(lrMax=" + this.lrMax + ", totalIterations=" + this.totalIterations
				+ ", startIteration=" + this.startIteration + ", pctStart=" + this.pctStart + ", divFactor="
				+ this.divFactor + ", finalDiv=" + this.finalDiv + ")";
	}

}
