package dev.lantern.vision.heatmap;

import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Computes heatmaps on one model copy, as Lesson 6 does: hook the conv body's last
 * activations, run the image forward in inference mode, then either average the
 * activations over channels or weight them by the class score's gradient (Grad-CAM).
 * <p>
 * Uses {@code feedForward}, which DL4J does not synchronize: call it only from the worker
 * thread that owns {@code graph}.
 */
public final class HeatmapComputer {

	private HeatmapComputer() {
	}

	/**
	 * @param graph a classifier whose single output is a softmax over the classes
	 * @param bodyLayer the name of the conv body's last activation layer
	 * @param image one image, shape [1, channels, height, width], normalized as in
	 * training
	 * @param classIndex the class to explain, or null for the predicted class
	 * @param method Grad-CAM or the channel mean
	 */
	public static Heatmap compute(ComputationGraph graph, String bodyLayer, INDArray image, Integer classIndex,
			HeatmapMethod method) {
		if (image.rank() != 4 || image.size(0) != 1) {
			throw new IllegalArgumentException("Expected one image of shape [1, c, h, w]");
		}
		String output = graph.getConfiguration().getNetworkOutputs().get(0);
		Map<String, INDArray> activations;
		INDArray hooked;
		try (ActivationHook hook = ActivationHook.on(graph, bodyLayer)) {
			activations = hook.forward(image);
			hooked = hook.stored();
		}
		if (hooked == null || hooked.rank() != 4) {
			throw new IllegalStateException("Layer '" + bodyLayer + "' gave no convolutional activations");
		}
		float[] probabilities = activations.get(output).toFloatVector();
		int target = (classIndex != null) ? classIndex : argMax(probabilities);
		if (target < 0 || target >= probabilities.length) {
			throw new IllegalArgumentException(
					"Class index " + target + " is outside 0.." + (probabilities.length - 1));
		}
		INDArray heat = switch (method) {
			case MEAN -> hooked.mean(1).reshape(hooked.size(2), hooked.size(3));
			case GRADCAM -> gradCam(graph, activations, hooked, bodyLayer, output, target);
		};
		return new Heatmap(toGrid(heat), target, probabilities);
	}

	private static INDArray gradCam(ComputationGraph graph, Map<String, INDArray> activations, INDArray hooked,
			String bodyLayer, String output, int target) {
		INDArray gradient = new HeadGradient(graph, activations).gradient(bodyLayer, output, target);
		long channels = hooked.size(1);
		INDArray weights = gradient.mean(2, 3).reshape(1, channels, 1, 1);
		INDArray weighted = hooked.mul(weights.broadcast(hooked.shape())).sum(1);
		return Transforms.relu(weighted, false).reshape(hooked.size(2), hooked.size(3));
	}

	private static float[][] toGrid(INDArray heat) {
		int height = (int) heat.size(0);
		int width = (int) heat.size(1);
		float[][] grid = new float[height][width];
		for (int row = 0; row < height; row++) {
			for (int column = 0; column < width; column++) {
				grid[row][column] = heat.getFloat(row, column);
			}
		}
		return grid;
	}

	private static int argMax(float[] values) {
		int best = 0;
		for (int i = 1; i < values.length; i++) {
			if (values[i] > values[best]) {
				best = i;
			}
		}
		return best;
	}

}
