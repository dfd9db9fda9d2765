package dev.lantern.vision.serve;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;

import dev.lantern.benchmarks.InferenceCase;
import dev.lantern.models.ModelPublisher;
import dev.lantern.models.NewModelVersion;
import dev.lantern.vision.augment.TransformSettings;
import dev.lantern.vision.image.Normalization;
import dev.lantern.vision.model.VisionModelFiles;
import dev.lantern.vision.model.VisionModelMetadata;
import dev.lantern.vision.nets.Architecture;
import dev.lantern.vision.nets.NetSpec;
import dev.lantern.vision.nets.VisionNets;

/**
 * Publishes a randomly initialized ResNet with fastai's head as a {@code vision} version
 * and classifies decoded images through the {@code classify} operation, for the inference
 * benchmark.
 */
public final class ClassifyBenchmarkSupport {

	private ClassifyBenchmarkSupport() {
	}

	/**
	 * Builds and publishes the network, as {@code vision-train} publishes a trained one
	 * (the graph without updater state, no interpretation).
	 * @param publisher the registry
	 * @param nets the network builder
	 * @param name the model's name
	 * @param architecture the body
	 * @param classes the number of classes
	 * @param imageSize the side of the input
	 * @param images the decoded images sent in turn, one per request
	 * @return the case to measure
	 * @throws IOException when the version cannot be stored
	 */
	public static InferenceCase<VisionModel, ClassifyInput, ClassProbabilities> publish(ModelPublisher publisher,
			VisionNets nets, String name, Architecture architecture, int classes, int imageSize,
			List<BufferedImage> images) throws IOException {
		ComputationGraph graph = nets.create(NetSpec.of(architecture, classes, imageSize), false).graph();
		List<String> labels = new ArrayList<>();
		for (int i = 0; i < classes; i++) {
			labels.add("class_" + i);
		}
		VisionModelMetadata metadata = new VisionModelMetadata(architecture.id(), labels, imageSize,
				Normalization.IMAGENET, false, null, TransformSettings.FASTAI);
		publisher
			.publish(new NewModelVersion(name, "vision", null, false, Map.of("type", "image", "imageSize", imageSize),
					labels, Map.of(), VisionModelFiles.writers(graph, metadata, null)));
		return new InferenceCase<>(architecture.id() + " " + imageSize + " px, classify", name, new ClassifyOperation(),
				(i) -> ClassifyInput.of(images.get(i % images.size())));
	}

}
