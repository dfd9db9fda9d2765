package dev.lantern.vision.serve;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.lantern.models.store.ModelStore.ArtifactWriter;
import dev.lantern.support.PeakResidentGrowth;
import dev.lantern.system.backend.onednn.OneDnnHelpers;
import dev.lantern.vision.image.Normalization;
import dev.lantern.vision.augment.TransformSettings;
import dev.lantern.vision.model.VisionModelFiles;
import dev.lantern.vision.model.VisionModelMetadata;
import dev.lantern.vision.nets.Architecture;
import dev.lantern.vision.nets.HeadOptions;
import dev.lantern.vision.nets.NetSpec;
import dev.lantern.vision.nets.NetsProperties;
import dev.lantern.vision.nets.VisionNet;
import dev.lantern.vision.nets.VisionNets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A served vision version's activation estimate per image (what
 * {@code lantern.inference.worker-memory} is divided by) against the resident memory one
 * batch of a served ResNet actually takes: the estimate for the batch is at least the
 * measured peak growth, and not so far above it that it would cut batches for nothing.
 * <p>
 * A benchmark (its own JVM, {@code ./mvnw -B -Pbenchmark test
 * -Dtest=VisionActivationMemoryBenchmark}), not part of the test suite: resident growth
 * is process-wide, and inside the whole suite's JVM, its C library heap shaped by
 * hundreds of earlier tests, the same ResNet-18 pass grew the resident set by 153-199 MB
 * against 80-126 MB in a JVM of its own.
 */
class VisionActivationMemoryBenchmark {

	@TempDir
	Path directory;

	@BeforeAll
	static void oneDnn() {
		OneDnnHelpers.configure(true);
	}

	@Test
	void theEstimateOfAResNet18BatchIsAtLeastWhatItTakes() throws Exception {
		measure(Architecture.RESNET18, 112, 64, 16);
	}

	@Test
	void theEstimateOfABottleneckResNet50BatchIsAtLeastWhatItTakes() throws Exception {
		measure(Architecture.RESNET50, 112, 16, 16);
	}

	private void measure(Architecture architecture, int size, int width, int batch) throws Exception {
		VisionModel served = served(architecture, size, width);
		long perImage = served.activationBytesPerExample();
		INDArray images = Nd4j.rand(DataType.FLOAT, batch, 3, size, size);
		// oneDNN's primitives and kernels are made at the first pass: not per batch.
		served.graph().output(images);
		// The least of three passes: resident growth is process-wide, and what other
		// threads
		// of a shared test JVM allocate meanwhile (or heap pages a collection touches
		// first)
		// only adds to it.
		long measured = Long.MAX_VALUE;
		for (int attempt = 0; attempt < 3; attempt++) {
			measured = Math.min(measured, PeakResidentGrowth.of(() -> served.graph().output(images)));
		}
		long estimate = perImage * batch;
		System.out.println(String.format(Locale.ROOT,
				"ACTIVATIONS %s %d px width %d batch %d: estimate %.1f MB (%.2f MB per image), measured peak growth %.1f MB",
				architecture.id(), size, width, batch, estimate / 1e6, perImage / 1e6, measured / 1e6));
		assertThat(estimate).isGreaterThanOrEqualTo(measured);
		assertThat(measured).as("the batch's measured growth").isGreaterThan(estimate / 8);
	}

	private VisionModel served(Architecture architecture, int size, int width) throws Exception {
		VisionNets nets = new VisionNets(new NetsProperties(null));
		NetSpec spec = new NetSpec(architecture, 3, size, width, HeadOptions.fastai(), 5);
		VisionNet net = nets.create(spec, false);
		VisionModelMetadata metadata = new VisionModelMetadata(architecture.id(), List.of("a", "b", "c"), size,
				Normalization.IMAGENET, false, "d1", TransformSettings.FASTAI, width, false);
		Path version = Files.createDirectories(this.directory.resolve(architecture.id()));
		for (Map.Entry<String, ArtifactWriter> file : VisionModelFiles.writers(net.graph(), metadata, null)
			.entrySet()) {
			try (OutputStream out = Files.newOutputStream(version.resolve(file.getKey()))) {
				file.getValue().writeTo(out);
			}
		}
		return new VisionModelFormat(nets).load(version);
	}

}
