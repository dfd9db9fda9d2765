package dev.lantern.tabular;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import tools.jackson.databind.json.JsonMapper;

import dev.lantern.datasets.DatasetProperties;
import dev.lantern.models.ModelFormat;
import dev.lantern.models.store.ModelStore;

import org.springframework.stereotype.Component;

/**
 * The files of a tabular model version, and the {@code tabular} {@link ModelFormat} that
 * loads them: {@code model.zip} (the network through DL4J's ModelSerializer, without
 * updater state), {@code procs.json}, {@code schema.json} and the files the schema's
 * {@link TabularPreset} keeps (the Rossmann preset keeps the tables prediction joins:
 * {@code store.csv} and whichever of {@code store_states.csv}, {@code state_names.csv},
 * {@code weather.csv}, {@code googletrend.csv} training had). Loading asks the same
 * preset for the feature pipeline, so a version keeps loading as long as its preset
 * exists under its name.
 */
@Component
class TabularArtifacts implements ModelFormat<TabularModel> {

	static final String KIND = "tabular";

	static final String MODEL = "model.zip";

	static final String PROCS = "procs.json";

	static final String SCHEMA = "schema.json";

	private final JsonMapper json;

	private final TabularPresets presets;

	private final int maxFieldChars;

	TabularArtifacts(JsonMapper json, TabularPresets presets, DatasetProperties datasets) {
		this.json = json;
		this.presets = presets;
		this.maxFieldChars = datasets.maxFieldChars();
	}

	/** The JSON mapper the version's files are written with. */
	JsonMapper json() {
		return this.json;
	}

	@Override
	public String kind() {
		return KIND;
	}

	/**
	 * The files of a new version.
	 * @param kept the files the preset keeps, by the name they are kept under
	 */
	Map<String, ModelStore.ArtifactWriter> files(ComputationGraph graph, TabularProcs procs, TabularSchema schema,
			Map<String, Path> kept) {
		Map<String, ModelStore.ArtifactWriter> files = new LinkedHashMap<>();
		files.put(MODEL, (out) -> ModelSerializer.writeModel(graph, new NonClosing(out), false));
		files.put(PROCS, (out) -> this.json.writeValue(new NonClosing(out), procs));
		files.put(SCHEMA, (out) -> this.json.writeValue(new NonClosing(out), schema));
		kept.forEach((name, file) -> {
			if (files.putIfAbsent(name, (out) -> Files.copy(file, out)) != null) {
				throw new IllegalStateException(
						"The preset " + schema.preset() + " keeps a file named " + name + ", which is the model's own");
			}
		});
		return files;
	}

	@Override
	public TabularModel load(Path versionDirectory) throws IOException {
		TabularSchema schema;
		TabularProcs procs;
		try (InputStream in = Files.newInputStream(versionDirectory.resolve(SCHEMA))) {
			schema = this.json.readValue(in, TabularSchema.class);
		}
		try (InputStream in = Files.newInputStream(versionDirectory.resolve(PROCS))) {
			procs = this.json.readValue(in, TabularProcs.class);
		}
		ComputationGraph graph = ModelSerializer.restoreComputationGraph(versionDirectory.resolve(MODEL).toFile(),
				false);
		FeaturePipeline features = this.presets.ofVersion(schema.preset())
			.pipeline(schema, versionDirectory, this.maxFieldChars);
		return new TabularModel(graph, procs, schema, features);
	}

	/** ModelSerializer and Jackson close the stream they write; the store closes it. */
	private static final class NonClosing extends java.io.FilterOutputStream {

		NonClosing(java.io.OutputStream out) {
			super(out);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.out.write(b, off, len);
		}

		@Override
		public void close() throws IOException {
			flush();
		}

	}

}
