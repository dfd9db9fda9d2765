package dev.lantern.vision.heatmap;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.IntFunction;

import dev.lantern.models.Inference;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.vision.image.ImageUploads;
import dev.lantern.vision.model.VisionVersion;
import dev.lantern.vision.serve.VisionModel;

import org.springframework.stereotype.Service;

/**
 * Where a vision model looks: resolves the version, checks the class to explain against
 * its labels and computes the heat on an inference worker ({@link HeatmapOperation}).
 */
@Service
class HeatmapService {

	private final Inference inference;

	private final HeatmapOperation operation;

	HeatmapService(Inference inference, HeatmapOperation operation) {
		this.inference = inference;
		this.operation = operation;
	}

	/**
	 * Resolves the version, checks the class asked for against its labels, decodes the
	 * image near the version's input size and computes the heat on an inference worker.
	 * @param image decodes the image with its shorter side at least the given side
	 */
	ExplainedHeatmap explain(String model, Integer version, IntFunction<BufferedImage> image, HeatmapOptions options) {
		VisionVersion vision = VisionVersion.of(this.inference.resolve(model, version, VisionModel.KIND));
		Integer classIndex = classIndex(vision.labels(), options);
		return explain(vision, classIndex, image.apply(ImageUploads.sideForModel(vision.imageSize())), options);
	}

	private ExplainedHeatmap explain(VisionVersion vision, Integer classIndex, BufferedImage image,
			HeatmapOptions options) {
		Heatmap heatmap = this.inference.run(vision.name(), vision.version(), this.operation,
				new HeatmapInput(image, classIndex, options.method()));
		return new ExplainedHeatmap(vision, heatmap, image, options);
	}

	/** The class asked for as an index into the labels, or null for the predicted one. */
	private static Integer classIndex(List<String> labels, HeatmapOptions options) {
		if (options.classLabel() != null) {
			int index = labels.indexOf(options.classLabel());
			if (index < 0) {
				throw InvalidInputException.field("class",
						"The model has no class '" + options.classLabel() + "'; its classes are " + labels);
			}
			return index;
		}
		Integer index = options.classIndex();
		if (index != null && (index < 0 || index >= labels.size())) {
			throw InvalidInputException.field("class",
					"Class index " + index + " is outside 0.." + (labels.size() - 1) + ", the model's classes");
		}
		return index;
	}

}
