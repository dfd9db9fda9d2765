package dev.lantern.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * fastai's {@code Recorder}: passes every event on to another callback and records each
 * step's training loss (with its smoothed value, fastai's {@code AvgSmoothLoss}) and each
 * epoch's figures, for {@code plot_loss} and {@code plot_metrics}. Steps are numbered
 * across the whole training (all stages).
 */
public final class TrainingRecorder extends ForwardingTrainingCallback {

	/**
	 * The most batch points the curves keep; more are averaged into this many buckets.
	 */
	public static final int MAX_POINTS = 5000;

	private final List<float[]> batches = new ArrayList<>();

	private final List<Map<String, Object>> epochs = new ArrayList<>();

	private double average;

	private long count;

	private long lastStep = -1;

	private long stepOffset;

	public TrainingRecorder(TrainingCallback delegate) {
		super(delegate);
	}

	@Override
	public void afterBatch(int epoch, long step, double loss) {
		// A trainer that counts steps from 0 again (a second fit) carries on from the
		// last.
		if (step + this.stepOffset <= this.lastStep) {
			this.stepOffset = this.lastStep + 1 - step;
		}
		long at = step + this.stepOffset;
		this.lastStep = at;
		this.count++;
		this.average = LrFinder.BETA * this.average + (1 - LrFinder.BETA) * loss;
		double smoothed = this.average / (1 - Math.pow(LrFinder.BETA, this.count));
		this.batches.add(new float[] { at, (float) loss, (float) smoothed });
		super.afterBatch(epoch, step, loss);
	}

	@Override
	public void afterEpoch(EpochMetrics metrics) {
		Map<String, Object> epoch = new LinkedHashMap<>();
		epoch.put("epoch", metrics.epoch());
		epoch.put("step", this.lastStep + 1);
		epoch.put("trainLoss", finite(metrics.trainLoss()));
		epoch.put("validLoss", (metrics.validLoss() != null) ? finite(metrics.validLoss()) : null);
		Map<String, Object> figures = new LinkedHashMap<>();
		metrics.metrics().forEach((name, value) -> figures.put(name, (value != null) ? finite(value) : null));
		epoch.put("metrics", figures);
		this.epochs.add(epoch);
		super.afterEpoch(metrics);
	}

	/**
	 * The curves as JSON-ready values: {@code batches} (step, loss and smoothed loss, at
	 * most {@link #MAX_POINTS} points, averaged into buckets beyond) and {@code epochs}
	 * (step at the epoch's end, train and validation loss, metrics).
	 */
	public Map<String, Object> curves() {
		int n = this.batches.size();
		int bucket = Math.max(1, (n + MAX_POINTS - 1) / MAX_POINTS);
		List<Double> steps = new ArrayList<>();
		List<Double> losses = new ArrayList<>();
		List<Double> smoothed = new ArrayList<>();
		for (int from = 0; from < n; from += bucket) {
			int to = Math.min(n, from + bucket);
			double step = 0;
			double loss = 0;
			double smooth = 0;
			for (int i = from; i < to; i++) {
				step += this.batches.get(i)[0];
				loss += this.batches.get(i)[1];
				smooth += this.batches.get(i)[2];
			}
			steps.add((double) Math.round(step / (to - from)));
			losses.add(finite(loss / (to - from)));
			smoothed.add(finite(smooth / (to - from)));
		}
		Map<String, Object> batchCurves = new LinkedHashMap<>();
		batchCurves.put("stepsPerPoint", bucket);
		batchCurves.put("steps", steps);
		batchCurves.put("losses", losses);
		batchCurves.put("smoothedLosses", smoothed);
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("batches", batchCurves);
		out.put("epochs", List.copyOf(this.epochs));
		return out;
	}

	/** Whether any step was recorded. */
	public boolean isEmpty() {
		return this.batches.isEmpty();
	}

	private static Double finite(double value) {
		return Double.isFinite(value) ? value : null;
	}

}
