package dev.lantern.heatmap;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.lantern.models.Operation;
import dev.lantern.system.web.ProblemException;
import dev.lantern.vision.image.ImageTensors;
import dev.lantern.vision.serve.VisionModel;

import org.springframework.stereotype.Component;

/**
 * Computes heatmaps on an inference worker's own copy of a vision model, so they run on
 * that worker's device (the GPU under the CUDA backend) and never share a graph between
 * threads. The image gets the validation transforms the model was trained with (resize,
 * center crop, normalization).
 */
@Component
class HeatmapOperation implements Operation<VisionModel, HeatmapInput, Heatmap> {

	@Override
	public String modelKind() {
		return VisionModel.KIND;
	}

	@Override
	public String name() {
		return "heatmap";
	}

	/**
	 * One image per pass: the hook and the hand-written backward pass work on a batch of
	 * one.
	 */
	@Override
	public boolean batchable() {
		return false;
	}

	@Override
	public List<Heatmap> apply(VisionModel model, List<HeatmapInput> inputs) {
		int size = model.metadata().imageSize();
		List<Heatmap> heatmaps = new ArrayList<>();
		for (HeatmapInput input : inputs) {
			float[] chw = model.metadata().normalization().apply(ImageTensors.centerView(input.image(), size));
			INDArray image = Nd4j.create(chw, new long[] { 1, 3, size, size }, 'c');
			Integer target = classIndex(model.metadata().labels(), input);
			heatmaps
				.add(HeatmapComputer.compute(model.graph(), bodyOutput(model.graph()), image, target, input.method()));
		}
		return heatmaps;
	}

	/**
	 * The conv body's last activation: the vertex that feeds the head's global pooling
	 * (fastai's {@code AdaptiveConcatPool2d}), the output the lesson hooks with
	 * {@code hook_output(m[0])}.
	 */
	static String bodyOutput(ComputationGraph graph) {
		var configuration = graph.getConfiguration();
		String body = null;
		for (var entry : configuration.getVertices().entrySet()) {
			GraphVertex vertex = entry.getValue();
			if (vertex instanceof LayerVertex layer && layer.getLayerConf().getLayer() instanceof GlobalPoolingLayer) {
				String input = configuration.getVertexInputs().get(entry.getKey()).get(0);
				if (body != null && !body.equals(input)) {
					throw new IllegalStateException("The head pools two different layers: " + body + ", " + input);
				}
				body = input;
			}
		}
		if (body == null) {
			throw new IllegalStateException("The model has no global pooling head to find its conv body by");
		}
		return body;
	}

	private static Integer classIndex(List<String> labels, HeatmapInput input) {
		if (input.classLabel() != null) {
			int index = labels.indexOf(input.classLabel());
			if (index < 0) {
				throw ProblemException.invalidField("class",
						"The model has no class '" + input.classLabel() + "'; its classes are " + labels);
			}
			return index;
		}
		if (input.classIndex() != null && (input.classIndex() < 0 || input.classIndex() >= labels.size())) {
			throw ProblemException.invalidField("class",
					"Class index " + input.classIndex() + " is outside 0.." + (labels.size() - 1));
		}
		return input.classIndex();
	}

}
