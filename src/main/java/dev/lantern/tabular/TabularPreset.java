package dev.lantern.tabular;

import java.io.IOException;
import java.nio.file.Path;

import dev.lantern.datasets.Datasets;

/**
 * A recipe for one kind of table, chosen by a {@code tabular-train} spec's {@code preset}
 * and kept in the version's schema: it reads a training dataset into features, keeps the
 * files prediction needs with the version, rebuilds the same features at prediction and
 * says which rows must be predicted together. Each preset is a stateless Spring bean,
 * found by {@link #name()} through {@link TabularPresets}; the generic learner (procs,
 * network, training, serving) knows no preset. fastai keeps the same split: generic procs
 * in {@code fastai/tabular/core.py}, a dataset's cleaning in its notebook.
 */
public interface TabularPreset {

	/**
	 * The preset's name in a spec's {@code preset} and a version's schema, for example
	 * {@code rossmann}. It may never change: stored versions name it.
	 */
	String name();

	/**
	 * Reads the spec's training dataset and builds its features. A spec that does not fit
	 * the preset (a missing table, a target the preset does not predict) is an
	 * {@link dev.lantern.system.errors.InvalidInputException} naming the spec's field.
	 * @param spec the job's spec
	 * @param datasets the dataset store the spec's dataset ids name
	 * @param maxFieldChars the longest CSV field accepted
	 * ({@code lantern.datasets.max-field-chars})
	 * @return the features, the rows to learn from, the schema and the files to keep
	 */
	TrainingData read(TabularTrainSpec spec, Datasets datasets, int maxFieldChars) throws IOException;

	/**
	 * The features of a stored version, built from the files kept with it.
	 * @param schema the version's schema
	 * @param versionDirectory the directory holding the version's files
	 * @param maxFieldChars the longest CSV field accepted
	 */
	FeaturePipeline pipeline(TabularSchema schema, Path versionDirectory, int maxFieldChars) throws IOException;

	/**
	 * The raw column whose rows must reach the pipeline together because features look
	 * across them (Rossmann: {@code Store}, whose days give the event features), or null
	 * when every row stands alone. Prediction never splits such a group between chunks.
	 */
	default String groupColumn() {
		return null;
	}

}
