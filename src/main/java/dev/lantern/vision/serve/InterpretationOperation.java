package dev.lantern.vision.serve;

import java.util.ArrayList;
import java.util.List;

import dev.lantern.models.Operation;
import dev.lantern.vision.interpret.Interpretation;

import org.springframework.stereotype.Component;

/**
 * Reads a loaded version's validation interpretation (computed when it was trained).
 */
@Component
class InterpretationOperation implements Operation<VisionModel, Boolean, Interpretation> {

	@Override
	public String modelKind() {
		return VisionModel.KIND;
	}

	@Override
	public String name() {
		return "interpretation";
	}

	@Override
	public boolean batchable() {
		return false;
	}

	@Override
	public List<Interpretation> apply(VisionModel model, List<Boolean> inputs) {
		List<Interpretation> out = new ArrayList<>();
		for (int i = 0; i < inputs.size(); i++) {
			out.add(model.interpretation());
		}
		return out;
	}

}
