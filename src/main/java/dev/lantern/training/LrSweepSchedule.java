package dev.lantern.training;

import java.util.Objects;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The learning-rate finder's exponential sweep as a DL4J schedule, fastai's
 * {@code SchedExp(start_lr, end_lr)} at {@code train_iter / num_it}: at the {@code i}-th
 * step of the sweep the rate is {@code startLr * (endLr / startLr)^(i / iterations)}.
 * DL4J passes the model's iteration counter, which carries on across fits; the sweep's
 * first step is {@code startIteration}.
 */
public final class LrSweepSchedule implements ISchedule {

	private static final long serialVersionUID = 1L;

	private final double startLr;

	private final double endLr;

	private final int iterations;

	private final int startIteration;

	@JsonCreator
	public LrSweepSchedule(@JsonProperty("startLr") double startLr, @JsonProperty("endLr") double endLr,
			@JsonProperty("iterations") int iterations, @JsonProperty("startIteration") int startIteration) {
		if (!(startLr > 0) || !(endLr > 0) || !Double.isFinite(startLr) || !Double.isFinite(endLr) || iterations < 1
				|| startIteration < 0) {
			throw new IllegalArgumentException("Invalid learning-rate sweep: startLr " + startLr + ", endLr " + endLr
					+ ", iterations " + iterations + ", startIteration " + startIteration);
		}
		this.startLr = startLr;
		this.endLr = endLr;
		this.iterations = iterations;
		this.startIteration = startIteration;
	}

	/** The rate at the given step of the sweep, counted from 0. */
	public double rateAt(int step) {
		return this.startLr * Math.pow(this.endLr / this.startLr, (double) step / this.iterations);
	}

	@Override
	public double valueAt(int iteration, int epoch) {
		return rateAt(Math.max(0, iteration - this.startIteration));
	}

	@Override
	public ISchedule clone() {
		return new LrSweepSchedule(this.startLr, this.endLr, this.iterations, this.startIteration);
	}

	@JsonProperty("startLr")
	public double getStartLr() {
		return this.startLr;
	}

	@JsonProperty("endLr")
	public double getEndLr() {
		return this.endLr;
	}

	@JsonProperty("iterations")
	public int getIterations() {
		return this.iterations;
	}

	@JsonProperty("startIteration")
	public int getStartIteration() {
		return this.startIteration;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof LrSweepSchedule that && this.startLr == that.startLr && this.endLr == that.endLr
				&& this.iterations == that.iterations && this.startIteration == that.startIteration;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.startLr, this.endLr, this.iterations, this.startIteration);
	}

	@Override
	public String toString() {
		return "LrSweepSchedule(startLr=" + this.startLr + ", endLr=" + this.endLr + ", iterations=" + this.iterations
				+ ", startIteration=" + this.startIteration + ")";
	}

}
