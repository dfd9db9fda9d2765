package dev.lantern.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import dev.lantern.system.backend.onednn.LayerHelperState;
import dev.lantern.system.backend.onednn.OneDnnHelpers;
import dev.lantern.system.backend.onednn.OneDnnLayers;
import dev.lantern.vision.nets.Architecture;
import dev.lantern.vision.nets.NetSpec;
import dev.lantern.vision.nets.NetsProperties;
import dev.lantern.vision.nets.VisionNets;

/**
 * Training and classification throughput (images per second) of each vision architecture
 * at 224 pixels, batch 16, 37 classes (the Oxford-IIIT Pet breeds):
 * {@code OMP_WAIT_POLICY=PASSIVE ./mvnw -B -o -Pcpu,benchmark test -Dtest=VisionBenchmark}.
 * Optional system properties: {@code vision.benchmark.size} (224),
 * {@code vision.benchmark.batch} (16), {@code vision.benchmark.steps} (5 timed steps),
 * {@code vision.benchmark.warmup-steps} (2), {@code vision.benchmark.architectures} (all:
 * {@code simple-cnn,resnet18,resnet34}).
 * <p>
 * Training steps are {@code fit} on one batch with every layer trainable (the unfrozen
 * stage); classification is {@code output} in inference mode. The ResNets have
 * torchvision's widths and fastai's head, from random weights (pretrained ones cost the
 * same time).
 */
class VisionBenchmark {

	private static final int SIZE = Integer.getInteger("vision.benchmark.size", 224);

	private static final int BATCH = Integer.getInteger("vision.benchmark.batch", 16);

	private static final int STEPS = Integer.getInteger("vision.benchmark.steps", 5);

	private static final int WARMUP = Integer.getInteger("vision.benchmark.warmup-steps", 2);

	private static final int CLASSES = 37;

	/** As the application does at startup: convolutions through oneDNN. */
	@BeforeAll
	static void oneDnn() {
		OneDnnHelpers.configure(true);
	}

	/** The architectures measured: a network for the given number of classes. */
	static Map<String, IntFunction<ComputationGraph>> architectures() {
		VisionNets nets = new VisionNets(new NetsProperties(null));
		Map<String, IntFunction<ComputationGraph>> all = new LinkedHashMap<>();
		for (Architecture architecture : new Architecture[] { Architecture.SIMPLE_CNN, Architecture.RESNET18,
				Architecture.RESNET34 }) {
			all.put(architecture.id(),
					(classes) -> nets.create(NetSpec.of(architecture, classes, SIZE), false).graph());
		}
		String only = System.getProperty("vision.benchmark.architectures");
		if (only != null) {
			all.keySet().retainAll(Set.of(only.split(",")));
		}
		return all;
	}

	@Test
	void trainingAndClassificationImagesPerSecond() {
		System.out.printf(
				"vision benchmark: %d px, batch %d, %d classes, each figure from %d timed batches (%d images) "
						+ "after %d warm-up batches, %d processors%n",
				SIZE, BATCH, CLASSES, STEPS, STEPS * BATCH, WARMUP, Runtime.getRuntime().availableProcessors());
		for (Map.Entry<String, IntFunction<ComputationGraph>> architecture : architectures().entrySet()) {
			ComputationGraph graph = architecture.getValue().apply(CLASSES);
			INDArray features = Nd4j.rand(new long[] { BATCH, 3, SIZE, SIZE }).subi(0.5).muli(4);
			INDArray labels = Nd4j.zeros(BATCH, CLASSES);
			for (int i = 0; i < BATCH; i++) {
				labels.putScalar(i, i % CLASSES, 1);
			}
			DataSet batch = new DataSet(features, labels);
			double train = imagesPerSecond(() -> graph.fit(batch));
			double classify = imagesPerSecond(() -> graph.output(features));
			List<LayerHelperState> states = OneDnnLayers.inspect(graph);
			System.out.printf(
					"%-12s params %,11d  training %7.1f images/s  classification %7.1f images/s  oneDNN layers %d/%d%n",
					architecture.getKey(), graph.numParams(), train, classify,
					states.stream().filter(LayerHelperState::active).count(), states.size());
		}
		System.out.println("peak resident memory of the JVM (VmHWM): " + ResidentMemory.peak());
	}

	/**
	 * Decoding a 500 x 375 JPEG (the typical Oxford-IIIT Pet size) and augmenting it with
	 * fastai's default transforms to 224 pixels, on one thread.
	 */
	@Test
	void decodeAndAugmentImagesPerSecond() throws Exception {
		java.awt.image.BufferedImage photo = new java.awt.image.BufferedImage(500, 375,
				java.awt.image.BufferedImage.TYPE_INT_RGB);
		java.util.Random random = new java.util.Random(1);
		for (int y = 0; y < 375; y++) {
			for (int x = 0; x < 500; x++) {
				photo.setRGB(x, y, ((x * 255 / 500) << 16) | ((y * 255 / 375) << 8) | random.nextInt(256));
			}
		}
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		javax.imageio.ImageIO.write(photo, "jpg", out);
		byte[] jpeg = out.toByteArray();
		dev.lantern.vision.image.ImageDecoder decoder = new dev.lantern.vision.image.ImageDecoder(40_000_000);
		dev.lantern.vision.augment.Augmenter augmenter = new dev.lantern.vision.augment.Augmenter(
				dev.lantern.vision.augment.TransformSettings.FASTAI);
		java.util.SplittableRandom seeds = new java.util.SplittableRandom(1);
		Runnable one = () -> {
			try {
				augmenter.augment(decoder.decode(jpeg), SIZE, seeds.split());
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		};
		for (int i = 0; i < 20; i++) {
			one.run();
		}
		int n = 100;
		long start = System.nanoTime();
		for (int i = 0; i < n; i++) {
			one.run();
		}
		System.out.printf("decode 500x375 JPEG + fastai transforms to %d px: %.1f images/s on one thread%n", SIZE,
				n / ((System.nanoTime() - start) / 1e9));
	}

	private static double imagesPerSecond(Runnable step) {
		for (int i = 0; i < WARMUP; i++) {
			step.run();
		}
		long start = System.nanoTime();
		for (int i = 0; i < STEPS; i++) {
			step.run();
		}
		return (double) BATCH * STEPS / ((System.nanoTime() - start) / 1e9);
	}

}
