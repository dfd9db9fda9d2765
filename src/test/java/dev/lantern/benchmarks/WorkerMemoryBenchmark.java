package dev.lantern.benchmarks;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import io.micrometer.core.instrument.DistributionSummary;
import org.junit.jupiter.api.Test;

import dev.lantern.models.runtime.InferenceMetrics;
import dev.lantern.models.runtime.InferenceProperties;
import dev.lantern.models.runtime.InferenceRuntime;
import dev.lantern.support.PeakResidentGrowth;
import dev.lantern.vision.nets.Architecture;
import dev.lantern.vision.nets.VisionNets;
import dev.lantern.vision.serve.ClassifyBenchmarkSupport;
import dev.lantern.models.ServableModel;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.lantern.models.ModelPublisher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one classify request of many images takes in resident memory under
 * {@code lantern.inference.worker-memory}: a ResNet at 224 px (random weights) served
 * through the runtime, one request of {@code benchmark.images} images, twice: DL4J's
 * workspaces learn their size in one pass and take it in the next, so either request may
 * show the larger growth, and the larger of the two is the figure. Prints the version's
 * batch limit, the passes, the peak resident growth above the resident set before the
 * request ({@link PeakResidentGrowth}, which resets the kernel's high-water mark) and the
 * time of each request. By default the version is warmed up first by a request of one
 * image; with {@code -Dbenchmark.warm-up=false} it is only loaded, so the first request
 * is the first pass on the worker's thread (its workspaces not yet sized: the worst case
 * of a worker). Run once per setting, each in its own JVM:
 *
 * <pre>
 * ./mvnw -B -o -Pbenchmark test -Dtest=WorkerMemoryBenchmark -Dlantern.inference.max-batch-size=64 \
 *     -Dlantern.inference.worker-memory=1GB [-Dbenchmark.images=64] [-Dbenchmark.architecture=resnet34] \
 *     [-Dbenchmark.warm-up=false]
 * </pre>
 */
@SpringBootTest(properties = "lantern.model-store.path=target/benchmark-data/models-${random.uuid}")
class WorkerMemoryBenchmark {

	@Autowired
	InferenceRuntime inference;

	@Autowired
	InferenceProperties properties;

	@Autowired
	InferenceMetrics metrics;

	@Autowired
	ModelPublisher publisher;

	@Autowired
	VisionNets nets;

	@Test
	void oneLargeClassifyRequest() throws Exception {
		int count = Integer.getInteger("benchmark.images", 64);
		Architecture architecture = Architecture.of(System.getProperty("benchmark.architecture", "resnet34"));
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(BenchmarkImages.sampleJpeg()));
		InferenceCase<?, ?, ?> served = ClassifyBenchmarkSupport.publish(this.publisher, this.nets, "budget",
				architecture, 37, 224, List.of(image));
		measure(served, count, architecture);
	}

	private <M extends ServableModel, I, O> void measure(InferenceCase<M, I, O> served, int count,
			Architecture architecture) throws Exception {
		List<I> inputs = new ArrayList<>(Collections.nCopies(count, served.inputs().apply(0)));
		boolean warmUp = Boolean.parseBoolean(System.getProperty("benchmark.warm-up", "true"));
		if (warmUp) {
			this.inference.run("budget", null, served.operation(), inputs.get(0));
		}
		else {
			this.inference.load(this.inference.resolve("budget", null));
		}
		InferenceRuntime.LoadedVersion version = this.inference.loadedVersions().get(0);
		DistributionSummary passes = this.metrics.batchSize("budget", "classify");
		System.out.printf(Locale.ROOT,
				"%nWorker memory: %s at 224 px, worker-memory %d MB, max-batch-size %d, %.1f MB per image by the "
						+ "estimate, batch limit %d images (%.0f MB), cached as %.0f MB, warm-up %s; load %s%n",
				architecture.id(), this.properties.workerMemory().toMegabytes(), this.properties.maxBatchSize(),
				version.activationBytesPerExample() / 1e6, version.maxBatchExamples(), version.activationBytes() / 1e6,
				version.estimatedBytes() / 1e6, warmUp ? "one image" : "none",
				Files.readString(Path.of("/proc/loadavg")).trim());
		for (String run : List.of("first", "second")) {
			long passesBefore = passes.count();
			long started = System.nanoTime();
			PeakResidentGrowth.Growth growth = PeakResidentGrowth.measure(() -> {
				List<O> outputs = this.inference.runAll("budget", null, served.operation(), inputs);
				assertThat(outputs).hasSize(count);
			});
			System.out.printf(Locale.ROOT,
					"%s request of %d images: %d passes, resident before %.0f MB, peak resident growth %.0f MB "
							+ "(heap committed %+.0f MB), %.1f s, resident now %s%n",
					run, count, passes.count() - passesBefore, growth.baseline() / 1e6, growth.growth() / 1e6,
					growth.heapGrowth() / 1e6, (System.nanoTime() - started) / 1e9,
					ResidentMemory.gib(ResidentMemory.currentBytes()));
		}
	}

}
