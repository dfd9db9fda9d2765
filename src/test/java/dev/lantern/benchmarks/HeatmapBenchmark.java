package dev.lantern.benchmarks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.lantern.system.backend.onednn.LayerHelperState;
import dev.lantern.system.backend.onednn.OneDnnHelpers;
import dev.lantern.system.backend.onednn.OneDnnLayers;
import dev.lantern.vision.heatmap.Heatmap;
import dev.lantern.vision.heatmap.HeatmapComputer;
import dev.lantern.vision.heatmap.HeatmapMethod;
import dev.lantern.vision.nets.Architecture;
import dev.lantern.vision.nets.NetSpec;
import dev.lantern.vision.nets.NetsProperties;
import dev.lantern.vision.nets.VisionNet;
import dev.lantern.vision.nets.VisionNets;

/**
 * Heatmap latency (Grad-CAM and the lesson's channel mean, through
 * {@link HeatmapComputer}) next to classify latency (one forward pass in inference mode)
 * for the same network and image: a ResNet-34 with fastai's head, 37 classes, one image
 * per call, at 224 and 352 pixels. Median and 90th percentile of the timed repetitions
 * after warm-up, the three calls taking turns; the image is prepared once (decoding and
 * resizing are not timed).
 *
 * <pre>
 * OMP_WAIT_POLICY=PASSIVE ./mvnw -B -o -Pcpu,benchmark test -Dtest=HeatmapBenchmark \
 *     [-Dheatmap.benchmark.sizes=224,352] [-Dheatmap.benchmark.repetitions=10] [-Dheatmap.benchmark.warmup=2]
 * </pre>
 */
class HeatmapBenchmark {

	private static final int CLASSES = 37;

	private static final int REPETITIONS = Integer.getInteger("heatmap.benchmark.repetitions", 10);

	private static final int WARMUP = Integer.getInteger("heatmap.benchmark.warmup", 2);

	/** As the application does at startup: convolutions through oneDNN. */
	@BeforeAll
	static void oneDnn() {
		OneDnnHelpers.configure(true);
	}

	@Test
	void heatmapAndClassifyLatency() {
		int[] sizes = Arrays.stream(System.getProperty("heatmap.benchmark.sizes", "224,352").split(","))
			.map(String::strip)
			.mapToInt(Integer::parseInt)
			.toArray();
		VisionNets nets = new VisionNets(new NetsProperties(null));
		byte[] jpeg = BenchmarkImages.sampleJpeg();
		StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
				"%nHeatmap and classify latency, ResNet-34 (fastai head, %d classes), one image per call, "
						+ "%d repetitions after %d warm-up, %d processors%n",
				CLASSES, REPETITIONS, WARMUP, Runtime.getRuntime().availableProcessors()));
		table.append("| size | grid | oneDNN layers | operation | median ms | p90 ms |\n");
		table.append("| --- | --- | --- | --- | --- | --- |\n");
		for (int size : sizes) {
			VisionNet net = nets.create(NetSpec.of(Architecture.RESNET34, CLASSES, size), false);
			ComputationGraph graph = net.graph();
			INDArray image = BenchmarkImages.batch(jpeg, 1, size);
			Heatmap probe = HeatmapComputer.compute(graph, net.bodyOutput(), image, null, HeatmapMethod.MEAN);
			String grid = probe.height() + "x" + probe.width();
			Map<String, Supplier<?>> calls = new LinkedHashMap<>();
			calls.put("classify", () -> graph.output(image)[0]);
			calls.put("heatmap gradcam",
					() -> HeatmapComputer.compute(graph, net.bodyOutput(), image, null, HeatmapMethod.GRADCAM));
			calls.put("heatmap mean",
					() -> HeatmapComputer.compute(graph, net.bodyOutput(), image, null, HeatmapMethod.MEAN));
			measure(calls).forEach((operation, nanos) -> table
				.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %.0f | %.0f |%n", size, grid,
						oneDnnLayers(graph), operation, percentile(nanos, 0.5), percentile(nanos, 0.9))));
		}
		table.append("\nPeak resident memory of the JVM (VmHWM): ").append(ResidentMemory.peak()).append('\n');
		System.out.println(table);
	}

	/**
	 * Warms every call up, then times the calls in turn, one repetition of each per
	 * round, so that changes in the machine's load fall on all of them alike.
	 */
	private static Map<String, long[]> measure(Map<String, Supplier<?>> calls) {
		calls.values().forEach((call) -> {
			for (int i = 0; i < WARMUP; i++) {
				call.get();
			}
		});
		Map<String, long[]> nanos = new LinkedHashMap<>();
		calls.keySet().forEach((name) -> nanos.put(name, new long[REPETITIONS]));
		for (int i = 0; i < REPETITIONS; i++) {
			for (Map.Entry<String, Supplier<?>> call : calls.entrySet()) {
				long start = System.nanoTime();
				call.getValue().get();
				nanos.get(call.getKey())[i] = System.nanoTime() - start;
			}
		}
		nanos.values().forEach(Arrays::sort);
		return nanos;
	}

	/** How many of the graph's layers that oneDNN can run actually run on it. */
	private static String oneDnnLayers(ComputationGraph graph) {
		List<LayerHelperState> states = OneDnnLayers.inspect(graph);
		return states.stream().filter(LayerHelperState::active).count() + "/" + states.size();
	}

	/** The nearest-rank percentile, in milliseconds. */
	private static double percentile(long[] sorted, double p) {
		int index = (int) Math.ceil(p * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
	}

}
