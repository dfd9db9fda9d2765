package dev.lantern.vision.train;

import java.util.HashMap;
import java.util.Map;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * fastai v1's one-cycle learning rate policy: cosine warm-up from
 * {@code maxLr / divFactor} to {@code maxLr} over {@code pctStart} of the steps, then
 * cosine annealing to {@code maxLr / (divFactor * 1e4)}. It becomes a DL4J
 * {@link MapSchedule} keyed by the graph's absolute iteration count, so it survives model
 * serialization like any built-in schedule.
 *
 * @param maxLr the peak learning rate
 * @param pctStart the share of steps spent warming up (fastai {@code pct_start=0.3};
 * lesson 6 uses 0.8)
 * @param divFactor the ratio of peak to start (fastai {@code div_factor=25})
 */
record OneCycle(double maxLr, double pctStart, double divFactor) {

	/** fastai's {@code div_factor=25}. */
	static final double DIV_FACTOR = 25;

	/** The learning rate after {@code step} of {@code totalSteps} steps. */
	double at(long step, long totalSteps) {
		double start = this.maxLr / this.divFactor;
		double end = this.maxLr / (this.divFactor * 1e4);
		long warmup = Math.max(1, Math.round(this.pctStart * totalSteps));
		if (step < warmup) {
			return cosine(start, this.maxLr, (double) step / warmup);
		}
		long rest = Math.max(1, totalSteps - warmup);
		return cosine(this.maxLr, end, Math.min(1.0, (double) (step - warmup) / rest));
	}

	/**
	 * The schedule for a fit that starts at the graph's iteration {@code firstIteration}.
	 */
	ISchedule schedule(int firstIteration, long totalSteps) {
		Map<Integer, Double> values = new HashMap<>();
		values.put(0, at(0, totalSteps));
		for (long step = 0; step <= totalSteps; step++) {
			values.put((int) (firstIteration + step), at(step, totalSteps));
		}
		return new MapSchedule(ScheduleType.ITERATION, values);
	}

	private static double cosine(double from, double to, double pct) {
		return to + (from - to) / 2 * (Math.cos(Math.PI * pct) + 1);
	}

}
