package dev.lantern.vision.heatmap;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.lantern.models.Operation;
import dev.lantern.vision.image.ImageTensors;
import dev.lantern.vision.nets.VisionNets;
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
			heatmaps.add(HeatmapComputer.compute(model.graph(), VisionNets.bodyOutput(model.graph()), image,
					input.classIndex(), input.method()));
		}
		return heatmaps;
	}

}
