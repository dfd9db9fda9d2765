package dev.lantern.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * fastai v2's learning-rate suggestions ({@code fastai/callback/schedule.py}:
 * {@code valley}, {@code steep}, {@code minimum}), computed as {@code Learner.lr_find}
 * does: on the recorded rates and smoothed losses without the first
 * {@code iterations / 10} and the last 5 points, cut before the first loss that is not
 * finite (fastai cuts at the first NaN; a loss of Infinity ends the sweep here as a
 * divergence would).
 */
public final class LrSuggestions {

	private LrSuggestions() {
	}

	/**
	 * A suggested rate and the point of the curve fastai marks for it.
	 *
	 * @param lr the suggested learning rate
	 * @param markLr the rate of the marked point (for {@code minimum}, ten times the
	 * suggestion)
	 * @param markLoss the smoothed loss at the marked point
	 */
	public record Suggestion(double lr, double markLr, double markLoss) {

	}

	/**
	 * The suggestions by name ({@code valley}, {@code steep}, {@code minimum}), empty
	 * when fewer than two points remain after the cuts.
	 * @param lrs the rate of every recorded step
	 * @param smoothed the smoothed loss of every recorded step
	 * @param iterations the sweep's planned number of steps ({@code num_it})
	 */
	public static Map<String, Suggestion> of(double[] lrs, double[] smoothed, int iterations) {
		int from = iterations / 10;
		int to = smoothed.length - 5;
		for (int i = from; i < to; i++) {
			if (!Double.isFinite(smoothed[i])) {
				to = i;
			}
		}
		Map<String, Suggestion> suggestions = new LinkedHashMap<>();
		if (to - from < 2) {
			return suggestions;
		}
		double[] x = java.util.Arrays.copyOfRange(lrs, from, to);
		double[] y = java.util.Arrays.copyOfRange(smoothed, from, to);
		suggestions.put("valley", valley(x, y));
		suggestions.put("steep", steep(x, y));
		suggestions.put("minimum", minimum(x, y));
		return suggestions;
	}

	/**
	 * fastai's {@code valley}: the longest decreasing run of losses (a longest decreasing
	 * subsequence ending at each point), and the point at its first {@code 1/3 + 1/6}.
	 */
	static Suggestion valley(double[] lrs, double[] losses) {
		int n = losses.length;
		int maxStart = 0;
		int maxEnd = 0;
		int[] lds = new int[n];
		java.util.Arrays.fill(lds, 1);
		for (int i = 1; i < n; i++) {
			for (int j = 0; j < i; j++) {
				if (losses[i] < losses[j] && lds[i] < lds[j] + 1) {
					lds[i] = lds[j] + 1;
				}
				if (lds[maxEnd] < lds[i]) {
					maxEnd = i;
					maxStart = maxEnd - lds[maxEnd];
				}
			}
		}
		double sections = (maxEnd - maxStart) / 3.0;
		int idx = maxStart + (int) sections + (int) (sections / 2);
		return new Suggestion(lrs[idx], lrs[idx], losses[idx]);
	}

	/**
	 * fastai's {@code steep}: the rate where the loss falls fastest against the log of
	 * the rate.
	 */
	static Suggestion steep(double[] lrs, double[] losses) {
		int best = 0;
		double steepest = Double.POSITIVE_INFINITY;
		for (int i = 0; i < losses.length - 1; i++) {
			double grad = (losses[i + 1] - losses[i]) / (Math.log(lrs[i + 1]) - Math.log(lrs[i]));
			if (grad < steepest) {
				steepest = grad;
				best = i;
			}
		}
		return new Suggestion(lrs[best], lrs[best], losses[best]);
	}

	/** fastai's {@code minimum}: a tenth of the rate at the lowest loss. */
	static Suggestion minimum(double[] lrs, double[] losses) {
		int best = 0;
		for (int i = 1; i < losses.length; i++) {
			if (losses[i] < losses[best]) {
				best = i;
			}
		}
		return new Suggestion(lrs[best] / 10, lrs[best], losses[best]);
	}

}
