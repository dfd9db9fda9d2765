package dev.lantern.tabular;

/**
 * Turns raw rows (the columns of {@link TabularSchema#rawColumns()}) into the model's
 * features, the same way at training and at prediction. A {@link TabularPreset} supplies
 * it; it may be called from several inference workers at once and must not change shared
 * state.
 */
@FunctionalInterface
public interface FeaturePipeline {

	/** The raw rows' features: a new frame holding the raw and the derived columns. */
	Frame build(Frame raw);

}
