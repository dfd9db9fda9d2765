package dev.lantern.tabular;

import java.util.List;

import dev.lantern.models.Operation;

/**
 * Predicts chunks of raw rows. Batchable: chunks of several requests share one forward
 * pass, while features (which look across the rows of a store) are built per chunk.
 */
final class TabularPredictOperation implements Operation<TabularModel, Frame, List<TabularPrediction>> {

	static final TabularPredictOperation INSTANCE = new TabularPredictOperation();

	@Override
	public String modelKind() {
		return TabularArtifacts.KIND;
	}

	@Override
	public String name() {
		return "predict";
	}

	@Override
	public boolean batchable() {
		return true;
	}

	/** Each row of a chunk is one example for the activation budget. */
	@Override
	public int examples(Frame input) {
		return input.rows();
	}

	@Override
	public List<List<TabularPrediction>> apply(TabularModel model, List<Frame> inputs) {
		return model.predict(inputs);
	}

}
