package dev.lantern.models.tiny;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.deeplearning4j.util.ModelSerializer;

import dev.lantern.models.ModelFormat;

/** Loads {@code tiny} versions: {@code model.zip} written by DL4J's ModelSerializer. */
public class TinyFormat implements ModelFormat<TinyModel> {

	public static final String KIND = "tiny";

	@Override
	public String kind() {
		return KIND;
	}

	@Override
	public TinyModel load(Path versionDirectory) throws IOException {
		Path declared = versionDirectory.resolve(TinyModelKind.ACTIVATION_BYTES);
		long activationBytes = Files.exists(declared) ? Long.parseLong(Files.readString(declared).trim()) : 0;
		return new TinyModel(
				ModelSerializer.restoreMultiLayerNetwork(versionDirectory.resolve("model.zip").toFile(), false),
				activationBytes);
	}

}
