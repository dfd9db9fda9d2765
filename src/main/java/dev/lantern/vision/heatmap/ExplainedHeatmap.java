package dev.lantern.vision.heatmap;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

import dev.lantern.vision.image.ImageTensors;
import dev.lantern.vision.image.Png;
import dev.lantern.vision.model.VisionVersion;
import dev.lantern.vision.serve.ClassProbabilities;

/**
 * A heatmap computed for one image, with what it takes to answer it either way: as the
 * raw grid with the top-k probabilities ({@link #grid()}, its JSON form) or as the heat
 * blended over the image ({@link #png()}). Each is computed only when asked for.
 *
 * @param version the version that answered
 * @param heatmap the heat
 * @param image the image sent
 * @param options what the request asked for
 */
record ExplainedHeatmap(VisionVersion version, Heatmap heatmap, BufferedImage image, HeatmapOptions options) {

	/** The label of the class the heat is for. */
	String classLabel() {
		return this.version.labels().get(this.heatmap.classIndex());
	}

	/** The raw grid, the class explained and the top-k probabilities. */
	@JsonValue
	HeatmapResponse grid() {
		List<HeatmapResponse.Probability> top = new ClassProbabilities(this.version.labels(),
				this.heatmap.probabilities())
			.top(this.options.topK())
			.stream()
			.map((prediction) -> new HeatmapResponse.Probability(prediction.label(), (float) prediction.probability()))
			.toList();
		return new HeatmapResponse(this.version.name(), this.version.version(),
				this.options.method().name().toLowerCase(Locale.ROOT), this.heatmap.classIndex(), classLabel(),
				this.heatmap.height(), this.heatmap.width(), this.heatmap.grid(), top);
	}

	/**
	 * The heat blended over the image as the model sees it (its shorter side scaled to
	 * the model's image size, then the center square), as a PNG of
	 * {@link HeatmapOptions#size()} pixels a side, by default the model's image size.
	 */
	byte[] png() {
		int imageSize = this.version.imageSize();
		int side = (this.options.size() != null) ? this.options.size() : imageSize;
		BufferedImage seen = ImageTensors.centerSquare(this.image, imageSize);
		return Png.encode(
				HeatmapOverlay.render(seen, this.heatmap, this.options.colormap(), this.options.alpha(), side, side));
	}

}
