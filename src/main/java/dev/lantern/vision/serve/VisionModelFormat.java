package dev.lantern.vision.serve;

import java.io.IOException;
import java.nio.file.Path;

import dev.lantern.models.ModelFormat;
import dev.lantern.vision.model.VisionModelFiles;

import org.springframework.stereotype.Component;

/**
 * Loads {@code vision} model versions: {@code model.zip}, {@code vision.json} and, when
 * present, {@code interpretation.json}.
 */
@Component
class VisionModelFormat implements ModelFormat<VisionModel> {

	@Override
	public String kind() {
		return "vision";
	}

	@Override
	public VisionModel load(Path versionDirectory) throws IOException {
		return new VisionModel(VisionModelFiles.readGraph(versionDirectory),
				VisionModelFiles.readMetadata(versionDirectory), VisionModelFiles.readInterpretation(versionDirectory));
	}

}
