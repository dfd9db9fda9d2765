package dev.lantern.tabular;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import dev.lantern.datasets.DatasetProperties;
import dev.lantern.training.TrainingCallback;

/**
 * A small Rossmann model trained once per test JVM (20 stores x 120 days, one hidden
 * layer, two epochs): enough to check saving, loading, preprocessing and serving, not
 * accuracy.
 */
final class TabularTestModel {

	static final DatasetProperties DATASET_PROPERTIES = new DatasetProperties(100_000, 5, 50, 100_000);

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static TabularTestModel instance;

	final Path data;

	final Frame raw;

	final Frame features;

	final TabularTrainer.Result result;

	final TabularTrainer.Split split;

	final TabularSchema schema;

	final TabularModel model;

	final TabularArtifacts artifacts = new TabularArtifacts(JSON, DATASET_PROPERTIES);

	private TabularTestModel() throws IOException {
		this.data = Files.createTempDirectory("lantern-tabular-");
		this.data.toFile().deleteOnExit();
		new RossmannGenerator(new RossmannGenerator.Settings(20, 120, 0.1, 3, LocalDate.of(2015, 1, 1), 0.08))
			.writeInto(this.data);
		this.raw = RossmannTables.readTrain(this.data.resolve("train.csv"), "train.csv", 100_000);
		Frame stores = RossmannTables.readStores(this.data.resolve("store.csv"), this.data.resolve("store_states.csv"),
				100_000);
		RossmannFeatures rossmann = new RossmannFeatures(stores);
		this.features = rossmann.build(this.raw);
		int[] rows = RossmannTables.trainableRows(this.features);
		this.split = TabularTrainer.Split.lastDays(this.features.numbers("Date"), rows, 14);
		TabularSettings settings = new TabularSettings(List.of(32), List.of(0.01), 0.04, 1.2, 2, 1e-2, 0.2, 256, 1);
		this.result = TabularTrainer.fit(this.features, this.split, "Sales", RossmannFeatures.CATEGORICAL,
				RossmannFeatures.CONTINUOUS, settings, TrainingCallback.NONE);
		java.util.Map<String, ColumnType> rawColumns = new java.util.LinkedHashMap<>(RossmannFeatures.TRAIN_COLUMNS);
		rawColumns.remove("Sales");
		rawColumns.remove("Open");
		this.schema = new TabularSchema(TabularSchema.ROSSMANN, "Sales", rawColumns, java.util.Set.of("DayOfWeek"),
				RossmannFeatures.REQUIRED_VALUES, "Date", RossmannFeatures.CATEGORICAL, RossmannFeatures.CONTINUOUS,
				this.result.yMax());
		this.model = new TabularModel(this.result.graph(), this.result.procs(), this.schema,
				FeaturePipeline.of(this.schema, rossmann));
	}

	static synchronized TabularTestModel get() {
		if (instance == null) {
			try {
				instance = new TabularTestModel();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return instance;
	}

	/** Writes the model's version files into a directory, as the registry would. */
	Path writeVersion(Path directory) throws IOException {
		for (var file : this.artifacts
			.files(this.result.graph(), this.result.procs(), this.schema, RossmannFiles.find(this.data, this.data))
			.entrySet()) {
			try (var out = Files.newOutputStream(directory.resolve(file.getKey()))) {
				file.getValue().writeTo(out);
			}
		}
		return directory;
	}

}
