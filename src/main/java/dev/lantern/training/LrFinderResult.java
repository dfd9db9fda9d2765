package dev.lantern.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a learning-rate sweep recorded and what it suggests.
 *
 * @param settings the sweep
 * @param lrs the rate of every step done
 * @param losses the mini-batch loss of every step
 * @param smoothed the smoothed loss of every step (what fastai plots)
 * @param stopped {@code completed}, {@code diverged} (the smoothed loss passed 4 times
 * its minimum) or {@code non-finite} (the loss became NaN or infinite)
 * @param suggestions fastai's suggestions by name ({@code valley}, {@code steep},
 * {@code minimum}); empty when too few steps were left
 * @param note a sentence for the reader when the sweep stopped early or gave no
 * suggestion, else null
 */
public record LrFinderResult(LrFinder.Settings settings, double[] lrs, double[] losses, double[] smoothed,
		String stopped, Map<String, LrSuggestions.Suggestion> suggestions, String note) {

	static LrFinderResult of(LrFinder.Settings settings, List<double[]> points, String stopped) {
		int n = points.size();
		double[] lrs = new double[n];
		double[] losses = new double[n];
		double[] smoothed = new double[n];
		for (int i = 0; i < n; i++) {
			lrs[i] = points.get(i)[0];
			losses[i] = points.get(i)[1];
			smoothed[i] = points.get(i)[2];
		}
		Map<String, LrSuggestions.Suggestion> suggestions = LrSuggestions.of(lrs, smoothed, settings.iterations());
		StringBuilder note = new StringBuilder();
		if (!"completed".equals(stopped)) {
			note.append(String.format(java.util.Locale.ROOT, "The loss %s after %d of %d steps, at rate %.3g. ",
					"diverged".equals(stopped) ? "diverged (smoothed loss above 4x its minimum)"
							: "became NaN or infinite",
					n, settings.iterations(), lrs[n - 1]));
		}
		if (suggestions.isEmpty()) {
			note.append("Too few steps for a suggestion (fastai leaves out the first iterations/10 and the last 5 "
					+ "steps); try a lower startLr, a lower endLr or more iterations.");
		}
		return new LrFinderResult(settings, lrs, losses, smoothed, stopped, suggestions,
				note.isEmpty() ? null : note.toString().strip());
	}

	/** The suggestion of the given name, or null. */
	public Double suggested(String name) {
		LrSuggestions.Suggestion suggestion = this.suggestions.get(name);
		return (suggestion != null) ? suggestion.lr() : null;
	}

	/** The steps done. */
	public int steps() {
		return this.lrs.length;
	}

	/**
	 * The sweep as JSON-ready values: the series as lists (a loss that is not finite is
	 * null), the suggestions and the note.
	 */
	public Map<String, Object> describe() {
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("startLr", this.settings.startLr());
		out.put("endLr", this.settings.endLr());
		out.put("iterations", this.settings.iterations());
		out.put("stopDiv", this.settings.stopDiv());
		out.put("steps", steps());
		out.put("stopped", this.stopped);
		Map<String, Object> suggested = new LinkedHashMap<>();
		this.suggestions.forEach((name, suggestion) -> suggested.put(name, suggestion.lr()));
		out.put("suggestions", suggested);
		out.put("note", this.note);
		out.put("lrs", finite(this.lrs));
		out.put("losses", finite(this.losses));
		out.put("smoothedLosses", finite(this.smoothed));
		return out;
	}

	static List<Double> finite(double[] values) {
		List<Double> list = new ArrayList<>(values.length);
		for (double value : values) {
			list.add(Double.isFinite(value) ? value : null);
		}
		return list;
	}

}
