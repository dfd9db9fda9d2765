package dev.lantern.vision.serve;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.lantern.models.Operation;
import dev.lantern.vision.image.ImageTensors;

import org.springframework.stereotype.Component;

/**
 * Classifies a batch of images in one forward pass: each decoded image is resized so its
 * shorter side is the model's image size, center-cropped and normalized with the model's
 * statistics, as fastai's validation transforms do.
 */
@Component
class ClassifyOperation implements Operation<VisionModel, ClassifyInput, ClassProbabilities> {

	@Override
	public String modelKind() {
		return VisionModel.KIND;
	}

	@Override
	public String name() {
		return "classify";
	}

	@Override
	public boolean batchable() {
		return true;
	}

	@Override
	public List<ClassProbabilities> apply(VisionModel model, List<ClassifyInput> inputs) {
		int size = model.metadata().imageSize();
		int plane = 3 * size * size;
		float[] batch = new float[inputs.size() * plane];
		for (int i = 0; i < inputs.size(); i++) {
			ClassifyInput input = inputs.get(i);
			float[] chw = (input.tensor() != null) ? input.tensor()
					: model.metadata().normalization().apply(ImageTensors.centerView(input.image(), size));
			if (chw.length != plane) {
				throw new IllegalArgumentException(
						"Input " + i + " has " + chw.length + " values; the model takes 3 x " + size + " x " + size);
			}
			System.arraycopy(chw, 0, batch, i * plane, plane);
		}
		INDArray features = Nd4j.create(batch, new long[] { inputs.size(), 3, size, size }, 'c');
		INDArray output = model.graph().output(features)[0];
		List<ClassProbabilities> results = new ArrayList<>();
		for (int i = 0; i < inputs.size(); i++) {
			results.add(new ClassProbabilities(model.metadata().labels(), output.getRow(i).toFloatVector()));
		}
		return results;
	}

}
