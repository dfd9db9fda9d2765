package dev.lantern.tabular.rossmann;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.lantern.datasets.DatasetFiles;
import dev.lantern.datasets.Datasets;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.tabular.ColumnType;
import dev.lantern.tabular.FeaturePipeline;
import dev.lantern.tabular.Frame;
import dev.lantern.tabular.TabularPreset;
import dev.lantern.tabular.TabularSchema;
import dev.lantern.tabular.TabularTrainSpec;
import dev.lantern.tabular.TrainingData;

import org.springframework.stereotype.Component;

/**
 * The preset {@code rossmann}: Kaggle's {@code train.csv} joined with {@code store.csv}
 * and whichever of the lesson's other tables are present, turned into the lesson's
 * features ({@link RossmannFeatures}). Training learns from open days with positive
 * sales; the tables are kept with the version so that prediction joins them as training
 * did, and a store's rows are predicted together (the event features look across its
 * days).
 */
@Component
class RossmannPreset implements TabularPreset {

	static final String NAME = "rossmann";

	private static final String TARGET = "Sales";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String groupColumn() {
		return "Store";
	}

	@Override
	public TrainingData read(TabularTrainSpec spec, Datasets datasets, int maxFieldChars) throws IOException {
		Path trainDirectory = datasets.directory(spec.datasetId());
		Path train = DatasetFiles.csv(trainDirectory, (spec.file() != null) ? spec.file() : "train.csv", "train on");
		Path storeDirectory = (spec.storeDatasetId() != null) ? datasets.directory(spec.storeDatasetId())
				: trainDirectory;
		RossmannFiles tables = RossmannFiles.find(storeDirectory, trainDirectory);
		if (tables.store() == null) {
			throw InvalidInputException.field("storeDatasetId",
					"The Rossmann preset needs store.csv: put it in the training dataset or name its dataset in storeDatasetId");
		}
		if (spec.target() != null && !TARGET.equals(spec.target())) {
			throw InvalidInputException.field("target",
					"The Rossmann preset predicts Sales; leave target out, or use the preset none for another column");
		}
		String source = train.getFileName().toString();
		Frame raw = RossmannTables.readTrain(train, source, maxFieldChars);
		if (!raw.has(TARGET)) {
			throw new InvalidInputException(source + " lacks the column Sales, which the Rossmann preset learns")
				.with("file", source);
		}
		Frame features = tables.features(maxFieldChars).build(raw);
		List<String> categorical = (spec.categorical() != null) ? spec.categorical()
				: RossmannFeatures.categorical(features);
		List<String> continuous = (spec.continuous() != null) ? spec.continuous()
				: RossmannFeatures.continuous(features);
		Map<String, ColumnType> rawColumns = new LinkedHashMap<>(RossmannColumns.TRAIN);
		rawColumns.remove(TARGET);
		rawColumns.remove("Open");
		TabularSchema schema = new TabularSchema(NAME, TARGET, rawColumns, Set.of("DayOfWeek"),
				RossmannColumns.REQUIRED_VALUES, "Date", categorical, continuous, 0);
		return new TrainingData(features, RossmannTables.trainableRows(features), schema, tables.present());
	}

	@Override
	public FeaturePipeline pipeline(TabularSchema schema, Path versionDirectory, int maxFieldChars) throws IOException {
		return RossmannFiles.find(versionDirectory, versionDirectory).features(maxFieldChars)::build;
	}

}
