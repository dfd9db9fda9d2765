package dev.lantern.system.backend.onednn;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_default_flags;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_destroy;

/**
 * {@link OneDnnBatchNormPlan} on the plain NCHW arrays against the blocked layout (the
 * arrays reordered in and out, as the helper runs it), for ResNet-18's BatchNorm shapes
 * at batch 16, 224 px: the median milliseconds of the training forward pass and of the
 * backward pass. Each repetition cycles through four sets of arrays, so that a pass reads
 * arrays the previous passes did not leave in the cache, as in a training step.
 * <p>
 * {@code ./mvnw -B -Pbenchmark test -Dtest=OneDnnBatchNormBenchmark} with, optionally,
 * {@code -Dlantern.benchmark.repeats=12}. Prints a table and writes it to
 * {@code target/benchmarks/onednn-batchnorm-benchmark.md}.
 */
class OneDnnBatchNormBenchmark {

	private static final long[][] SHAPES = { { 16, 64, 112, 112 }, { 16, 64, 56, 56 }, { 16, 128, 28, 28 },
			{ 16, 256, 14, 14 }, { 16, 512, 7, 7 } };

	private static final int SETS = 4;

	private final int repeats = Integer.parseInt(System.getProperty("lantern.benchmark.repeats", "12"));

	@Test
	void plainAgainstBlocked() throws Exception {
		Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
		dnnl_engine engine = OneDnnConvolutions.engine();
		assertThat(engine).isNotNull();
		dnnl_stream stream = new dnnl_stream();
		OneDnnSteps.check(dnnl_stream_create(stream, engine, dnnl_stream_default_flags), "stream");
		double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
		StringBuilder table = new StringBuilder(
				"| shape | NCHW forward (ms) | blocked forward (ms) | NCHW backward (ms) | blocked backward (ms) |\n"
						+ "|---|---|---|---|---|\n");
		try {
			for (long[] shape : SHAPES) {
				double[] plain = measure(engine, stream, shape, false);
				double[] blocked = measure(engine, stream, shape, true);
				table.append(String.format("| %s | %.2f | %.2f | %.2f | %.2f |%n", Arrays.toString(shape), plain[0],
						blocked[0], plain[1], blocked[1]));
			}
		}
		finally {
			dnnl_stream_destroy(stream);
		}
		String report = String.format(
				"OneDnnBatchNormBenchmark %s: median of %d, %d sets of arrays in turn; %d processors, "
						+ "load average %.1f before, %.1f after%n%s",
				Instant.now(), this.repeats, SETS, Runtime.getRuntime().availableProcessors(), loadBefore,
				ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), table);
		System.out.println(report);
		Path directory = Files.createDirectories(Path.of("target", "benchmarks"));
		Files.writeString(directory.resolve("onednn-batchnorm-benchmark.md"), report);
	}

	/** Median milliseconds of the training forward pass and of the backward pass. */
	private double[] measure(dnnl_engine engine, dnnl_stream stream, long[] shape, boolean blocked) {
		long length = shape[0] * shape[1] * shape[2] * shape[3];
		Pointer[][] handles = new Pointer[SETS][];
		// the arrays stay referenced while their addresses are in use
		List<INDArray> arrays = new ArrayList<>();
		for (int set = 0; set < SETS; set++) {
			handles[set] = new Pointer[10];
			for (int role : new int[] { OneDnnBatchNormPlan.SRC, OneDnnBatchNormPlan.DST, OneDnnBatchNormPlan.DIFF_DST,
					OneDnnBatchNormPlan.DIFF_SRC }) {
				INDArray data = Nd4j.randn(DataType.FLOAT, length);
				arrays.add(data);
				handles[set][role] = data.data().addressPointer();
			}
			for (int role : new int[] { OneDnnBatchNormPlan.SCALE, OneDnnBatchNormPlan.SHIFT, OneDnnBatchNormPlan.MEAN,
					OneDnnBatchNormPlan.VARIANCE, OneDnnBatchNormPlan.DIFF_SCALE, OneDnnBatchNormPlan.DIFF_SHIFT }) {
				INDArray channels = Nd4j.rand(DataType.FLOAT, shape[1]).addi(0.5);
				arrays.add(channels);
				handles[set][role] = channels.data().addressPointer();
			}
		}
		double[] medians = new double[2];
		OneDnnBatchNormPlan.Mode[] modes = { OneDnnBatchNormPlan.Mode.TRAINING, OneDnnBatchNormPlan.Mode.BACKWARD };
		for (int m = 0; m < modes.length; m++) {
			try (OneDnnBatchNormPlan plan = new OneDnnBatchNormPlan(engine, shape, 1e-5f, modes[m], blocked)) {
				double[] millis = new double[this.repeats];
				for (int i = -SETS; i < this.repeats; i++) {
					long start = System.nanoTime();
					plan.run(stream, OneDnnArena.current(), handles[Math.floorMod(i, SETS)]);
					if (i >= 0) {
						millis[i] = (System.nanoTime() - start) / 1e6;
					}
				}
				Arrays.sort(millis);
				medians[m] = millis[this.repeats / 2];
			}
		}
		assertThat(arrays).hasSize(SETS * 10);
		return medians;
	}

}
