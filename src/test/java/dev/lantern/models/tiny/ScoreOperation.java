package dev.lantern.models.tiny;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.lantern.models.Operation;
import dev.lantern.system.errors.InvalidInputException;

/**
 * Class probabilities of the tiny network; batchable. An input without exactly four
 * finite features is refused with a 400 naming it.
 */
public class ScoreOperation implements Operation<TinyModel, float[], float[]> {

	@Override
	public String modelKind() {
		return TinyFormat.KIND;
	}

	@Override
	public String name() {
		return "score";
	}

	@Override
	public boolean batchable() {
		return true;
	}

	@Override
	public List<float[]> apply(TinyModel model, List<float[]> inputs) {
		if (inputs.size() > model.examplesPerPass()) {
			throw new IllegalStateException("A batch of " + inputs.size() + " inputs; the runtime allowed "
					+ model.examplesPerPass() + " per pass");
		}
		float[][] rows = new float[inputs.size()][];
		for (int i = 0; i < rows.length; i++) {
			float[] input = inputs.get(i);
			if (input.length != TinyModel.FEATURES) {
				throw InvalidInputException.field("features",
						"Expected " + TinyModel.FEATURES + " features, got " + input.length);
			}
			for (float value : input) {
				if (!Float.isFinite(value)) {
					throw InvalidInputException.field("features", "Features must be finite numbers");
				}
			}
			rows[i] = input;
		}
		INDArray output = model.network().output(Nd4j.create(rows), false);
		List<float[]> results = new ArrayList<>(rows.length);
		for (int i = 0; i < rows.length; i++) {
			results.add(output.getRow(i).toFloatVector());
		}
		return results;
	}

}
