package dev.lantern.tabular;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import dev.lantern.datasets.DatasetProperties;
import dev.lantern.tabular.rossmann.RossmannSamples;
import dev.lantern.training.TrainingCallback;

/**
 * A small Rossmann model trained once per test JVM (20 stores x 120 days, one hidden
 * layer, two epochs) through the Rossmann preset, as the {@code tabular-train} job reads
 * it: enough to check saving, loading, preprocessing and serving, not accuracy.
 */
final class TabularTestModel {

	static final DatasetProperties DATASET_PROPERTIES = new DatasetProperties(100_000, 5, 50, 100_000);

	/** The lesson's defaults, as {@code application.yaml} has them. */
	static final TabularProperties DEFAULTS = new TabularProperties(List.of(1000, 500), List.of(0.001, 0.01), 0.04, 1.2,
			null, null, 0.2, null, 48, 0.2, 42, 100_000, 4096, "rossmann");

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static TabularTestModel instance;

	final Path data;

	/** The raw columns of the generated {@code train.csv}, as prediction reads them. */
	final Frame raw;

	final Frame features;

	final TabularTrainer.Result result;

	final TabularTrainer.Split split;

	final TabularSchema schema;

	final TabularModel model;

	final Map<String, Path> keptFiles;

	final TabularPresets presets;

	final TabularArtifacts artifacts;

	private TabularTestModel() throws IOException {
		this.data = Files.createTempDirectory("lantern-tabular-");
		this.data.toFile().deleteOnExit();
		RossmannSamples.write(this.data, 20, 120, 0.1, 3, LocalDate.of(2015, 1, 1));
		this.presets = presets(DEFAULTS);
		this.artifacts = new TabularArtifacts(JSON, this.presets, DATASET_PROPERTIES);
		TabularPreset rossmann = this.presets.get("rossmann");
		TrainingTable table = load(rossmann, this.data, 14);
		this.features = table.features();
		this.split = table.split();
		this.keptFiles = table.files();
		TabularSettings settings = new TabularSettings(List.of(32), List.of(0.01), 0.04, 1.2, 2, 1e-2, 0.2, 256, 1);
		this.result = TabularTrainer.fit(this.features, this.split, "Sales", table.schema().categorical(),
				table.schema().continuous(), settings, TrainingCallback.NONE);
		this.schema = TabularTrainJob.withYMax(table.schema(), this.result.yMax());
		this.raw = readRaw(this.data.resolve("train.csv"), this.schema);
		this.model = new TabularModel(this.result.graph(), this.result.procs(), this.schema,
				rossmann.pipeline(this.schema, this.data, DATASET_PROPERTIES.maxFieldChars()));
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

	/** The presets Spring would find. */
	static TabularPresets presets(TabularProperties properties) {
		return new TabularPresets(List.of(RossmannSamples.preset(), new PlainPreset()), properties);
	}

	/**
	 * Reads generated Rossmann data through a preset, as {@code tabular-train} does with
	 * the lesson's inputs.
	 * @param preset the Rossmann preset
	 * @param data the directory holding the generated tables
	 * @param validDays how many of the last days validate
	 */
	static TrainingTable load(TabularPreset preset, Path data, int validDays) throws IOException {
		return TrainingTable.load(rossmannSpec("sample", validDays), preset, RossmannSamples.datasetsIn(data),
				DATASET_PROPERTIES.maxFieldChars(), DEFAULTS);
	}

	/**
	 * A Rossmann spec with the lesson's inputs, validated on the last days.
	 * @param datasetId the dataset holding the generated tables
	 * @param validDays how many of the last days validate
	 */
	static TabularTrainSpec rossmannSpec(String datasetId, int validDays) {
		return new TabularTrainSpec("sales", datasetId, null, null, "rossmann", null, null, null, null, null, null,
				null, null, null, null, null, null, null, validDays, null, null);
	}

	/** Reads the columns of a schema from a CSV file, as prediction reads them. */
	static Frame readRaw(Path file, TabularSchema schema) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return TableReader.read(in, file.getFileName().toString(), schema.rawColumns(), schema.optionalColumns(),
					schema.requiredValues(), 100_000);
		}
	}

	/** Writes the model's version files into a directory, as the registry would. */
	Path writeVersion(Path directory) throws IOException {
		for (var file : this.artifacts.files(this.result.graph(), this.result.procs(), this.schema, this.keptFiles)
			.entrySet()) {
			try (var out = Files.newOutputStream(directory.resolve(file.getKey()))) {
				file.getValue().writeTo(out);
			}
		}
		return directory;
	}

}
