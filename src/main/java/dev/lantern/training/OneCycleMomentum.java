package dev.lantern.training;

import java.util.Objects;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * fastai v1's one-cycle momentum ({@code OneCycleScheduler}, {@code moms=(0.95, 0.85)}):
 * Adam's beta1 falls from {@code high} to {@code low} along half a cosine while the
 * {@link OneCycleSchedule} rate rises, then climbs back to {@code high} while the rate
 * anneals. Use it with {@link CycledAdam}.
 */
public final class OneCycleMomentum implements ISchedule {

	/** fastai v1 default: {@code moms[0] = 0.95}. */
	public static final double DEFAULT_HIGH = 0.95;

	/** fastai v1 default: {@code moms[1] = 0.85}. */
	public static final double DEFAULT_LOW = 0.85;

	private static final long serialVersionUID = 1L;

	private final double high;

	private final double low;

	private final int totalIterations;

	private final int startIteration;

	private final double pctStart;

	/** fastai v1's momentum cycle over {@code totalIterations} steps from iteration 0. */
	public OneCycleMomentum(int totalIterations) {
		this(DEFAULT_HIGH, DEFAULT_LOW, totalIterations, 0, OneCycleSchedule.DEFAULT_PCT_START);
	}

	/**
	 * @param high beta1 at the start and the end of the cycle
	 * @param low beta1 at the rate's peak
	 * @param totalIterations the cycle's length in optimizer steps
	 * @param startIteration the model's iteration counter at the first step of the cycle
	 * @param pctStart the fraction of the steps spent falling
	 */
	@JsonCreator
	public OneCycleMomentum(@JsonProperty("high") double high, @JsonProperty("low") double low,
			@JsonProperty("totalIterations") int totalIterations, @JsonProperty("startIteration") int startIteration,
			@JsonProperty("pctStart") double pctStart) {
		if (!(high >= 0 && high < 1) || !(low >= 0 && low < 1) || totalIterations < 1 || startIteration < 0
				|| !(pctStart >= 0 && pctStart <= 1)) {
			throw new IllegalArgumentException(
					"Invalid momentum cycle: high " + high + ", low " + low + ", totalIterations " + totalIterations
							+ ", startIteration " + startIteration + ", pctStart " + pctStart);
		}
		this.high = high;
		this.low = low;
		this.totalIterations = totalIterations;
		this.startIteration = startIteration;
		this.pctStart = pctStart;
	}

	@Override
	public double valueAt(int iteration, int epoch) {
		int step = Math.max(0, iteration - this.startIteration);
		int up = (int) (this.totalIterations * this.pctStart);
		if (step < up) {
			return OneCycleSchedule.annealCos(this.high, this.low, (double) step / up);
		}
		int down = this.totalIterations - up;
		if (down <= 0) {
			return this.low;
		}
		return OneCycleSchedule.annealCos(this.low, this.high, Math.min(1.0, (double) (step - up) / down));
	}

	@Override
	public ISchedule clone() {
		return new OneCycleMomentum(this.high, this.low, this.totalIterations, this.startIteration, this.pctStart);
	}

	@JsonProperty("high")
	public double getHigh() {
		return this.high;
	}

	@JsonProperty("low")
	public double getLow() {
		return this.low;
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

	@Override
	public boolean equals(Object other) {
		return other instanceof OneCycleMomentum that && this.high == that.high && this.low == that.low
				&& this.totalIterations == that.totalIterations && this.startIteration == that.startIteration
				&& this.pctStart == that.pctStart;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.high, this.low, this.totalIterations, this.startIteration, this.pctStart);
	}

	@Override
	public String toString() {
		return "OneCycleMomentum(high=" + this.high + ", low=" + this.low + ", totalIterations=" + this.totalIterations
				+ ", startIteration=" + this.startIteration + ", pctStart=" + this.pctStart + ")";
	}

}
