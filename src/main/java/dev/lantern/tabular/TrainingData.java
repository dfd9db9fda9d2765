package dev.lantern.tabular;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link TabularPreset} reads from a training dataset.
 *
 * @param features every row with its features, the target among them
 * @param rows the rows to train and validate on (a positive target; the split is made
 * from these)
 * @param schema the model's schema, inputs chosen; its y range is set after fitting
 * @param files the files to keep with the version for {@link TabularPreset#pipeline}, by
 * the name they are kept under
 */
public record TrainingData(Frame features, int[] rows, TabularSchema schema, Map<String, Path> files) {

	public TrainingData {
		files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
	}

}
