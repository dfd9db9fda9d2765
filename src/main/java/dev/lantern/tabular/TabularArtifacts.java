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

import dev.lantern.models.ModelFormat;
import dev.lantern.models.store.ModelStore;

import org.springframework.stereotype.Component;

/**
 * The files of a tabular model version, and the {@code tabular} {@link ModelFormat} that
 * loads them: {@code model.zip} (the network through DL4J's ModelSerializer, without
 * updater state), {@code procs.json}, {@code schema.json} and, for the Rossmann preset,
 * the Rossmann tables that prediction joins ({@code store.csv} and, when training had
 * them, {@code store_states.csv}, {@code state_names.csv}, {@code weather.csv},
 * {@code googletrend.csv}; see {@link RossmannFiles}).
 */
@Component
class TabularArtifacts implements ModelFormat<TabularModel> {

	static final String KIND = "tabular";

	static final String MODEL = "model.zip";

	static final String PROCS = "procs.json";

	static final String SCHEMA = "schema.json";

	private final JsonMapper json;

	private final int maxFieldChars;

	TabularArtifacts(JsonMapper json, dev.lantern.datasets.DatasetProperties datasets) {
		this.json = json;
		this.maxFieldChars = datasets.maxFieldChars();
	}

	@Override
	public String kind() {
		return KIND;
	}

	/**
	 * The files of a new version.
	 * @param rossmann the Rossmann tables to keep with the model, or null
	 */
	Map<String, ModelStore.ArtifactWriter> files(ComputationGraph graph, TabularProcs procs, TabularSchema schema,
			RossmannFiles rossmann) {
		Map<String, ModelStore.ArtifactWriter> files = new LinkedHashMap<>();
		files.put(MODEL, (out) -> ModelSerializer.writeModel(graph, new NonClosing(out), false));
		files.put(PROCS, (out) -> this.json.writeValue(new NonClosing(out), procs));
		files.put(SCHEMA, (out) -> this.json.writeValue(new NonClosing(out), schema));
		if (rossmann != null) {
			rossmann.present().forEach((name, file) -> files.put(name, (out) -> Files.copy(file, out)));
		}
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
		RossmannFeatures rossmann = null;
		if (TabularSchema.ROSSMANN.equals(schema.preset())) {
			rossmann = RossmannFiles.find(versionDirectory, versionDirectory).features(this.maxFieldChars);
		}
		return new TabularModel(graph, procs, schema, FeaturePipeline.of(schema, rossmann));
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
