package dev.lantern.vision.model;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import tools.jackson.databind.json.JsonMapper;

import dev.lantern.models.store.ModelStore.ArtifactWriter;
import dev.lantern.vision.interpret.ConfusionMatrixImage;
import dev.lantern.vision.interpret.Interpretation;

/**
 * The files of a vision model version: {@code model.zip} (the DL4J graph, without updater
 * state), {@code vision.json} (labels, image size, normalization, pretrained),
 * {@code interpretation.json} and {@code confusion-matrix.png} (the validation set's
 * interpretation).
 */
public final class VisionModelFiles {

	public static final String MODEL = "model.zip";

	public static final String METADATA = "vision.json";

	public static final String INTERPRETATION = "interpretation.json";

	public static final String CONFUSION_PNG = "confusion-matrix.png";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private VisionModelFiles() {
	}

	/** The writers of a new version's files. */
	public static Map<String, ArtifactWriter> writers(ComputationGraph graph, VisionModelMetadata metadata,
			Interpretation interpretation) {
		Map<String, ArtifactWriter> files = new LinkedHashMap<>();
		files.put(MODEL, (out) -> ModelSerializer.writeModel(graph, new KeepOpen(out), false));
		files.put(METADATA, (out) -> JSON.writeValue(new KeepOpen(out), metadata));
		if (interpretation != null) {
			files.put(INTERPRETATION, (out) -> JSON.writeValue(new KeepOpen(out), interpretation));
			files.put(CONFUSION_PNG, (out) -> out.write(ConfusionMatrixImage.png(interpretation)));
		}
		return files;
	}

	public static VisionModelMetadata readMetadata(Path versionDirectory) throws IOException {
		return JSON.readValue(versionDirectory.resolve(METADATA).toFile(), VisionModelMetadata.class);
	}

	/** The stored interpretation, or null when the version has none. */
	public static Interpretation readInterpretation(Path versionDirectory) throws IOException {
		Path file = versionDirectory.resolve(INTERPRETATION);
		return Files.isRegularFile(file) ? JSON.readValue(file.toFile(), Interpretation.class) : null;
	}

	public static ComputationGraph readGraph(Path versionDirectory) throws IOException {
		return ModelSerializer.restoreComputationGraph(versionDirectory.resolve(MODEL).toFile(), false);
	}

	/** Leaves closing the store's stream to the store. */
	private static final class KeepOpen extends FilterOutputStream {

		KeepOpen(OutputStream out) {
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
