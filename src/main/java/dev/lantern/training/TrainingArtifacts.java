package dev.lantern.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * The files a training keeps: the training curves ({@code training-curves.json},
 * {@code training-losses.png}, {@code training-metrics.png}) and the learning-rate
 * finder's series and plot ({@code <name>.json}, {@code <name>.png}).
 */
public final class TrainingArtifacts {

	public static final String CURVES_JSON = "training-curves.json";

	public static final String LOSSES_PNG = "training-losses.png";

	public static final String METRICS_PNG = "training-metrics.png";

	private static final String PNG = "image/png";

	private static final String JSON = "application/json";

	private TrainingArtifacts() {
	}

	/**
	 * The curves a recorder holds: JSON, the loss plot and (with metrics) the metrics
	 * plot.
	 */
	public static List<TrainingArtifact> curves(TrainingRecorder recorder, String title, JsonMapper json) {
		List<TrainingArtifact> files = new ArrayList<>();
		if (recorder.isEmpty()) {
			return files;
		}
		Map<String, Object> curves = recorder.curves();
		files.add(new TrainingArtifact(CURVES_JSON, JSON, json.writeValueAsBytes(curves)));
		files.add(new TrainingArtifact(LOSSES_PNG, PNG, TrainingCharts.losses(curves, title + ": losses")));
		byte[] metrics = TrainingCharts.metrics(curves, title + ": metrics");
		if (metrics != null) {
			files.add(new TrainingArtifact(METRICS_PNG, PNG, metrics));
		}
		return files;
	}

	/**
	 * A finder's series as JSON and its plot, as {@code <name>.json} and
	 * {@code <name>.png}.
	 */
	public static List<TrainingArtifact> lrFind(String name, LrFinderResult result, String title, JsonMapper json) {
		return List.of(new TrainingArtifact(name + ".json", JSON, json.writeValueAsBytes(result.describe())),
				new TrainingArtifact(name + ".png", PNG, TrainingCharts.lrFinder(result, title)));
	}

}
