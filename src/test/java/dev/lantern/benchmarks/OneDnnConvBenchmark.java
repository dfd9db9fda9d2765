package dev.lantern.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2DDerivative;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_backward_data;
import static org.bytedeco.dnnl.global.dnnl.dnnl_backward_weights;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_auto;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_backward_data_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_backward_weights_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_direct;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_engine_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_format_tag_any;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_equal;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_get_size;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_init_by_tag;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nchw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_oihw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_set_scratchpad_mode;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_impl_info_str;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_scratchpad_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_reorder_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_scratchpad_mode_user;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_default_flags;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_wait;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;

/**
 * The convolutions of ResNet-18 (batch 16 at 224 px; its 3x3 stride-1 convolutions
 * totalled apart) in five ways of three kinds, each timed for the forward pass and the
 * backward pass (data and weights gradients together, as a layer computes them):
 * <ul>
 * <li><b>libnd4j</b>: the {@code conv2d} and {@code conv2d_bp} operations through
 * {@code Nd4j.exec} with an {@code OpContext}, NCHW input and OIHW weights, as DL4J's
 * {@code MKLDNNConvHelper} calls them (libnd4j's oneDNN glue: a primitive created per
 * call, {@code convolution_auto}, reorders in and out);</li>
 * <li><b>presets</b>: oneDNN through JavaCPP's presets ({@code org.bytedeco:dnnl}, a copy
 * of oneDNN separate from libnd4j's) with the primitives created once and reused, a
 * chosen algorithm ({@code convolution_direct}, or {@code convolution_auto} to separate
 * the effect of the algorithm from that of caching), one user-mode scratchpad kept across
 * calls, and ND4J's plain NCHW/OIHW arrays in and out (the reorders to oneDNN's blocked
 * layouts and back included, as a layer helper would have to do them);</li>
 * <li><b>blocked</b>: the same primitives on arrays kept in oneDNN's blocked layouts, no
 * reorders: what convolutions cost if activations stayed blocked between layers.</li>
 * </ul>
 * The presets' native objects (primitives, descriptors, blocked buffers) live until the
 * JVM exits. The presets' results are checked against libnd4j's (outputs within 1e-5,
 * gradients within 3e-4, relative to the largest magnitude). Runs alternate between the
 * ways in every repetition; the table gives median elapsed and process CPU milliseconds
 * per call.
 * <p>
 * {@code ./mvnw -B -o -Pbenchmark test -Dtest=OneDnnConvBenchmark} with, optionally,
 * {@code -Dlantern.benchmark.batch=16}, {@code .warmup=2}, {@code .repeats=5},
 * {@code .calls=4}. Prints a table and writes it to
 * {@code target/benchmarks/onednn-conv-benchmark.md}.
 */
class OneDnnConvBenchmark {

	/**
	 * ResNet-18's convolutions at 224 px: input channels, output channels, input size,
	 * kernel, stride, padding and how many the network has. The first four are the 3x3
	 * stride-1 convolutions of the residual blocks, then the stem and each later stage's
	 * stride-2 convolution and 1x1 downsampling.
	 */
	private static final int[][] SHAPES = { { 64, 64, 56, 3, 1, 1, 4 }, { 128, 128, 28, 3, 1, 1, 3 },
			{ 256, 256, 14, 3, 1, 1, 3 }, { 512, 512, 7, 3, 1, 1, 3 }, { 3, 64, 224, 7, 2, 3, 1 },
			{ 64, 128, 56, 3, 2, 1, 1 }, { 64, 128, 56, 1, 2, 0, 1 }, { 128, 256, 28, 3, 2, 1, 1 },
			{ 128, 256, 28, 1, 2, 0, 1 }, { 256, 512, 14, 3, 2, 1, 1 }, { 256, 512, 14, 1, 2, 0, 1 } };

	/** How many of {@link #SHAPES} are the 3x3 stride-1 convolutions. */
	private static final int STRIDE_ONE = 4;

	private final int batch = Integer.parseInt(setting("batch", "16"));

	private final int warmup = Integer.parseInt(setting("warmup", "2"));

	private final int repeats = Integer.parseInt(setting("repeats", "5"));

	/** Calls per timed repetition: the process CPU clock ticks in 10 ms. */
	private final int calls = Integer.parseInt(setting("calls", "4"));

	@Test
	void compareConvolutions() throws Exception {
		Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
		double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
		dnnl_engine engine = new dnnl_engine();
		check(dnnl_engine_create(engine, dnnl_cpu, 0), "engine");
		dnnl_stream stream = new dnnl_stream();
		check(dnnl_stream_create(stream, engine, dnnl_stream_default_flags), "stream");

		List<String> rows = new ArrayList<>();
		rows.add(
				"| shape (count) | way | algorithm (implementation) | forward ms | backward ms | CPU fwd ms | CPU bwd ms |");
		rows.add("|---|---|---|---|---|---|---|");
		String[] ways = { "libnd4j", "presets direct", "presets auto", "blocked direct", "blocked auto" };
		int n = ways.length;
		double[][] weighted = new double[n][4];
		double[][] strideOne = new double[n][4];
		for (int s = 0; s < SHAPES.length; s++) {
			int[] shape = SHAPES[s];
			int channels = shape[0];
			int outChannels = shape[1];
			int size = shape[2];
			int kernel = shape[3];
			int stride = shape[4];
			int pad = shape[5];
			int count = shape[6];
			int outSize = (size + 2 * pad - kernel) / stride + 1;
			Nd4j.getRandom().setSeed(42);
			INDArray input = Nd4j.randn(DataType.FLOAT, this.batch, channels, size, size);
			INDArray weights = Nd4j.randn(DataType.FLOAT, outChannels, channels, kernel, kernel)
				.muli(Math.sqrt(2.0 / (kernel * kernel * channels)));
			INDArray delta = Nd4j.randn(DataType.FLOAT, this.batch, outChannels, outSize, outSize);

			Libnd4jConv reference = new Libnd4jConv(input, weights, delta, kernel, stride, pad);
			PresetConv direct = new PresetConv(engine, stream, input, weights, delta, stride, pad,
					dnnl_convolution_direct);
			PresetConv auto = new PresetConv(engine, stream, input, weights, delta, stride, pad, dnnl_convolution_auto);

			reference.forward();
			reference.backward();
			direct.forward(true);
			direct.backward(true);
			assertClose("output", direct.output, reference.output, 1e-5);
			assertClose("input gradient", direct.inputGradient, reference.inputGradient, 3e-4);
			assertClose("weight gradient", direct.weightGradient, reference.weightGradient, 3e-4);
			auto.forward(true);
			auto.backward(true);
			assertClose("output (auto)", auto.output, reference.output, 1e-5);
			assertClose("input gradient (auto)", auto.inputGradient, reference.inputGradient, 3e-4);
			assertClose("weight gradient (auto)", auto.weightGradient, reference.weightGradient, 3e-4);

			List<Runnable> forwards = List.of(reference::forward, () -> direct.forward(true), () -> auto.forward(true),
					() -> direct.forward(false), () -> auto.forward(false));
			List<Runnable> backwards = List.of(reference::backward, () -> direct.backward(true),
					() -> auto.backward(true), () -> direct.backward(false), () -> auto.backward(false));
			double[][][] times = new double[n][4][this.repeats];
			for (int r = -this.warmup; r < this.repeats; r++) {
				for (int w = 0; w < n; w++) {
					double[] fwd = time(forwards.get(w));
					double[] bwd = time(backwards.get(w));
					if (r >= 0) {
						times[w][0][r] = fwd[0];
						times[w][1][r] = bwd[0];
						times[w][2][r] = fwd[1];
						times[w][3][r] = bwd[1];
					}
				}
			}
			String[] algorithms = { "auto (libnd4j)", direct.implementations(), auto.implementations(),
					direct.implementations(), auto.implementations() };
			for (int w = 0; w < n; w++) {
				double[] medians = new double[4];
				for (int k = 0; k < 4; k++) {
					medians[k] = median(times[w][k]);
					weighted[w][k] += medians[k] * count;
					if (s < STRIDE_ONE) {
						strideOne[w][k] += medians[k] * count;
					}
				}
				rows.add(String.format(Locale.ROOT,
						"| %dx%dx%dx%d, %dx%d/%d -> %d (%d) | %s | %s | %.1f | %.1f | %.1f | %.1f |", this.batch,
						channels, size, size, kernel, kernel, stride, outChannels, count, ways[w], algorithms[w],
						medians[0], medians[1], medians[2], medians[3]));
			}
			reference.close();
		}
		for (int w = 0; w < n; w++) {
			rows.add(String.format(Locale.ROOT,
					"| ResNet-18's 3x3 stride-1 convolutions (13) | %s | | %.0f | %.0f | %.0f | %.0f |", ways[w],
					strideOne[w][0], strideOne[w][1], strideOne[w][2], strideOne[w][3]));
		}
		for (int w = 0; w < n; w++) {
			rows.add(String.format(Locale.ROOT,
					"| all ResNet-18's convolutions (20) | %s | | %.0f | %.0f | %.0f | %.0f |", ways[w], weighted[w][0],
					weighted[w][1], weighted[w][2], weighted[w][3]));
		}
		double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
		rows.add("");
		rows.add(String.format(Locale.ROOT,
				"Batch %d, per call: median of %d repetitions of %d calls after %d warm-ups, ways alternating; load average %.1f -> %.1f; %d cores.",
				this.batch, this.repeats, this.calls, this.warmup, loadBefore, loadAfter,
				Runtime.getRuntime().availableProcessors()));
		String table = String.join("\n", rows) + "\n";
		System.out.println(table);
		Path out = Path.of("target", "benchmarks", "onednn-conv-benchmark.md");
		Files.createDirectories(out.getParent());
		Files.writeString(out, table);
	}

	/** Elapsed and process CPU milliseconds per call, over {@link #calls} calls. */
	private double[] time(Runnable call) {
		long cpu = processCpuNanos();
		long start = System.nanoTime();
		for (int i = 0; i < this.calls; i++) {
			call.run();
		}
		return new double[] { (System.nanoTime() - start) / 1e6 / this.calls,
				(processCpuNanos() - cpu) / 1e6 / this.calls };
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	private static void assertClose(String what, INDArray actual, INDArray expected, double relative) {
		double scale = expected.amaxNumber().doubleValue();
		double error = actual.sub(expected).amaxNumber().doubleValue();
		assertThat(error / scale).as("%s: largest difference %s against largest magnitude %s", what, error, scale)
			.isLessThanOrEqualTo(relative);
	}

	private static String setting(String name, String fallback) {
		return System.getProperty("lantern.benchmark." + name, fallback);
	}

	private static void check(int status, String what) {
		if (status != dnnl_success) {
			throw new IllegalStateException("oneDNN " + what + ": status " + status);
		}
	}

	/** The libnd4j operations as DL4J's oneDNN convolution helper runs them. */
	private static final class Libnd4jConv implements AutoCloseable {

		private final INDArray input;

		private final INDArray weights;

		private final INDArray delta;

		final INDArray output;

		final INDArray inputGradient;

		final INDArray weightGradient;

		private final OpContext context = Nd4j.getExecutioner().buildContext();

		Libnd4jConv(INDArray input, INDArray weights, INDArray delta, int kernel, int stride, int pad) {
			this.input = input;
			this.weights = weights;
			this.delta = delta;
			this.output = Nd4j.createUninitialized(DataType.FLOAT, delta.shape());
			this.inputGradient = Nd4j.createUninitialized(DataType.FLOAT, input.shape());
			this.weightGradient = Nd4j.createUninitialized(DataType.FLOAT, weights.shape());
			// kH, kW, sH, sW, pH, pW, dH, dW, same mode, NCHW, weights [oC, iC, kH, kW]
			this.context.setIArguments(kernel, kernel, stride, stride, pad, pad, 1, 1, 0, 0, 1);
		}

		void forward() {
			this.context.purge();
			this.context.setInputArray(0, this.input);
			this.context.setInputArray(1, this.weights);
			this.context.setOutputArray(0, this.output);
			Nd4j.exec(new Conv2D(), this.context);
		}

		void backward() {
			this.context.purge();
			this.context.setInputArray(0, this.input);
			this.context.setInputArray(1, this.weights);
			this.context.setInputArray(2, this.delta);
			this.context.setOutputArray(0, this.inputGradient);
			this.context.setOutputArray(1, this.weightGradient);
			Nd4j.exec(new Conv2DDerivative(), this.context);
		}

		@Override
		public void close() throws Exception {
			this.context.close();
		}

	}

	/**
	 * oneDNN memory of a descriptor, over a 64-byte aligned buffer of its own or over an
	 * ND4J array.
	 */
	private static final class Memory {

		final dnnl_memory_desc_t desc;

		final dnnl_memory memory = new dnnl_memory();

		private final BytePointer owned;

		Memory(dnnl_engine engine, dnnl_memory_desc_t desc, INDArray array) {
			this.desc = desc;
			Pointer handle;
			if (array != null) {
				assertThat(array.offset()).isZero();
				assertThat(array.isView()).isFalse();
				this.owned = null;
				handle = array.data().addressPointer();
			}
			else {
				long size = dnnl_memory_desc_get_size(desc);
				this.owned = new BytePointer(size + 64);
				this.owned.position((64 - this.owned.address() % 64) % 64);
				handle = this.owned;
			}
			check(dnnl_memory_create(this.memory, desc, engine, handle), "memory");
		}

	}

	/** A oneDNN primitive with its arguments. */
	private record Step(dnnl_primitive primitive, dnnl_exec_arg_t args, int count) {

		static Step of(dnnl_primitive_desc pd, int[] names, dnnl_memory[] memories) {
			dnnl_primitive primitive = new dnnl_primitive();
			check(dnnl_primitive_create(primitive, pd), "primitive");
			dnnl_exec_arg_t args = new dnnl_exec_arg_t(names.length);
			for (int i = 0; i < names.length; i++) {
				args.position(i).arg(names[i]).memory(memories[i]);
			}
			args.position(0);
			return new Step(primitive, args, names.length);
		}

		void run(dnnl_stream stream) {
			check(dnnl_primitive_execute(this.primitive, stream, this.count, this.args), "execute");
		}

	}

	/**
	 * One convolution through the presets' oneDNN: primitives created once, blocked
	 * layouts chosen by oneDNN, reorders from and to ND4J's plain arrays, one user
	 * scratchpad.
	 */
	private static final class PresetConv {

		final INDArray output;

		final INDArray inputGradient;

		final INDArray weightGradient;

		private final dnnl_stream stream;

		private final List<Step> toBlockedForward = new ArrayList<>();

		private final List<Step> fromBlockedForward = new ArrayList<>();

		private final List<Step> toBlockedBackward = new ArrayList<>();

		private final List<Step> fromBlockedBackward = new ArrayList<>();

		private final Step forward;

		private final Step backwardData;

		private final Step backwardWeights;

		private final List<dnnl_primitive_desc> descriptors = new ArrayList<>();

		private final List<Object> keep = new ArrayList<>();

		PresetConv(dnnl_engine engine, dnnl_stream stream, INDArray input, INDArray weights, INDArray delta, int stride,
				int pad, int algorithm) {
			this.stream = stream;
			this.output = Nd4j.createUninitialized(DataType.FLOAT, delta.shape());
			this.inputGradient = Nd4j.createUninitialized(DataType.FLOAT, input.shape());
			this.weightGradient = Nd4j.createUninitialized(DataType.FLOAT, weights.shape());

			dnnl_memory_desc_t plainSrc = plain(input.shape(), dnnl_nchw);
			dnnl_memory_desc_t plainWeights = plain(weights.shape(), dnnl_oihw);
			dnnl_memory_desc_t plainDst = plain(delta.shape(), dnnl_nchw);
			dnnl_memory_desc_t anySrc = plain(input.shape(), dnnl_format_tag_any);
			dnnl_memory_desc_t anyWeights = plain(weights.shape(), dnnl_format_tag_any);
			dnnl_memory_desc_t anyDst = plain(delta.shape(), dnnl_format_tag_any);
			long[] strides = { stride, stride };
			long[] padding = { pad, pad };

			dnnl_primitive_attr attr = new dnnl_primitive_attr();
			check(dnnl_primitive_attr_create(attr), "attr");
			check(dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user), "scratchpad mode");

			dnnl_convolution_desc_t fwdDesc = new dnnl_convolution_desc_t();
			check(dnnl_convolution_forward_desc_init(fwdDesc, dnnl_forward_training, algorithm, anySrc, anyWeights,
					null, anyDst, strides, padding, padding), "forward desc");
			dnnl_primitive_desc fwdPd = descriptor(new const_dnnl_op_desc_t(fwdDesc), attr, engine, null);
			dnnl_convolution_desc_t bwdDataDesc = new dnnl_convolution_desc_t();
			check(dnnl_convolution_backward_data_desc_init(bwdDataDesc, algorithm, anySrc, anyWeights, anyDst, strides,
					padding, padding), "backward data desc");
			dnnl_primitive_desc bwdDataPd = descriptor(new const_dnnl_op_desc_t(bwdDataDesc), attr, engine, fwdPd);
			dnnl_convolution_desc_t bwdWeightsDesc = new dnnl_convolution_desc_t();
			check(dnnl_convolution_backward_weights_desc_init(bwdWeightsDesc, algorithm, anySrc, anyWeights, null,
					anyDst, strides, padding, padding), "backward weights desc");
			dnnl_primitive_desc bwdWeightsPd = descriptor(new const_dnnl_op_desc_t(bwdWeightsDesc), attr, engine,
					fwdPd);

			long scratch = 0;
			for (dnnl_primitive_desc pd : List.of(fwdPd, bwdDataPd, bwdWeightsPd)) {
				scratch = Math.max(scratch, dnnl_memory_desc_get_size(query(pd, dnnl_query_scratchpad_md)));
			}
			BytePointer scratchpad = new BytePointer(scratch + 64);
			scratchpad.position((64 - scratchpad.address() % 64) % 64);
			this.keep.add(scratchpad);

			Memory userSrc = new Memory(engine, plainSrc, input);
			Memory userWeights = new Memory(engine, plainWeights, weights);
			Memory userDst = new Memory(engine, plainDst, this.output);
			Memory userDelta = new Memory(engine, plainDst, delta);
			Memory userInputGradient = new Memory(engine, plainSrc, this.inputGradient);
			Memory userWeightGradient = new Memory(engine, plainWeights, this.weightGradient);
			this.keep.addAll(List.of(userSrc, userWeights, userDst, userDelta, userInputGradient, userWeightGradient));

			// forward: src and weights in, dst out
			Memory src = blocked(engine, userSrc, query(fwdPd, dnnl_query_src_md), this.toBlockedForward);
			Memory fwdWeights = blocked(engine, userWeights, query(fwdPd, dnnl_query_weights_md),
					this.toBlockedForward);
			Memory dst = new Memory(engine, query(fwdPd, dnnl_query_dst_md), null);
			this.keep.add(dst);
			this.fromBlockedForward.add(reorder(engine, dst, userDst));
			this.forward = Step.of(fwdPd,
					new int[] { DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST, DNNL_ARG_SCRATCHPAD }, new dnnl_memory[] {
							src.memory, fwdWeights.memory, dst.memory, scratchpadMemory(engine, fwdPd, scratchpad) });

			// backward: diff_dst in (once for both), weights in, src in; diff_src and
			// diff_weights out
			Memory diffDst = blocked(engine, userDelta, query(bwdDataPd, dnnl_query_diff_dst_md),
					this.toBlockedBackward);
			Memory bwdWeights = blocked(engine, userWeights, query(bwdDataPd, dnnl_query_weights_md),
					this.toBlockedBackward);
			Memory diffSrc = new Memory(engine, query(bwdDataPd, dnnl_query_diff_src_md), null);
			this.keep.add(diffSrc);
			this.fromBlockedBackward.add(reorder(engine, diffSrc, userInputGradient));
			this.backwardData = Step.of(bwdDataPd,
					new int[] { DNNL_ARG_DIFF_DST, DNNL_ARG_WEIGHTS, DNNL_ARG_DIFF_SRC, DNNL_ARG_SCRATCHPAD },
					new dnnl_memory[] { diffDst.memory, bwdWeights.memory, diffSrc.memory,
							scratchpadMemory(engine, bwdDataPd, scratchpad) });
			dnnl_memory_desc_t wDiffDstDesc = query(bwdWeightsPd, dnnl_query_diff_dst_md);
			Memory wDiffDst = (dnnl_memory_desc_equal(wDiffDstDesc, diffDst.desc) != 0) ? diffDst
					: blocked(engine, userDelta, wDiffDstDesc, this.toBlockedBackward);
			dnnl_memory_desc_t wSrcDesc = query(bwdWeightsPd, dnnl_query_src_md);
			Memory wSrc = blocked(engine, userSrc, wSrcDesc, this.toBlockedBackward);
			Memory diffWeights = new Memory(engine, query(bwdWeightsPd, dnnl_query_diff_weights_md), null);
			this.keep.add(diffWeights);
			this.fromBlockedBackward.add(reorder(engine, diffWeights, userWeightGradient));
			this.backwardWeights = Step.of(bwdWeightsPd,
					new int[] { DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS, DNNL_ARG_SCRATCHPAD },
					new dnnl_memory[] { wSrc.memory, wDiffDst.memory, diffWeights.memory,
							scratchpadMemory(engine, bwdWeightsPd, scratchpad) });
		}

		/**
		 * Forward pass; {@code plain}: from and to ND4J's arrays, else blocked arrays
		 * only.
		 */
		void forward(boolean plain) {
			if (plain) {
				this.toBlockedForward.forEach((step) -> step.run(this.stream));
			}
			this.forward.run(this.stream);
			if (plain) {
				this.fromBlockedForward.forEach((step) -> step.run(this.stream));
			}
			check(dnnl_stream_wait(this.stream), "wait");
		}

		/** Backward pass (data and weights gradients). */
		void backward(boolean plain) {
			if (plain) {
				this.toBlockedBackward.forEach((step) -> step.run(this.stream));
			}
			this.backwardData.run(this.stream);
			this.backwardWeights.run(this.stream);
			if (plain) {
				this.fromBlockedBackward.forEach((step) -> step.run(this.stream));
			}
			check(dnnl_stream_wait(this.stream), "wait");
		}

		/**
		 * The implementations oneDNN chose: forward / backward data / backward weights.
		 */
		String implementations() {
			return String.join(" / ", this.descriptors.stream().limit(3).map((pd) -> {
				PointerPointer<BytePointer> info = new PointerPointer<>(1);
				check(dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, info), "impl info");
				return info.getString(0);
			}).toList());
		}

		private dnnl_primitive_desc descriptor(const_dnnl_op_desc_t op, dnnl_primitive_attr attr, dnnl_engine engine,
				dnnl_primitive_desc hint) {
			dnnl_primitive_desc pd = new dnnl_primitive_desc();
			check(dnnl_primitive_desc_create(pd, op, attr, engine, hint), "primitive desc");
			this.descriptors.add(pd);
			return pd;
		}

		private static dnnl_memory_desc_t query(dnnl_primitive_desc pd, int what) {
			return dnnl_primitive_desc_query_md(pd, what, 0);
		}

		private static dnnl_memory_desc_t plain(long[] shape, int tag) {
			dnnl_memory_desc_t desc = new dnnl_memory_desc_t();
			check(dnnl_memory_desc_init_by_tag(desc, shape.length, shape, dnnl_f32, tag), "memory desc");
			return desc;
		}

		private dnnl_memory scratchpadMemory(dnnl_engine engine, dnnl_primitive_desc pd, BytePointer scratchpad) {
			dnnl_memory memory = new dnnl_memory();
			check(dnnl_memory_create(memory, query(pd, dnnl_query_scratchpad_md), engine, scratchpad), "scratchpad");
			this.keep.add(memory);
			return memory;
		}

		/**
		 * Memory in the primitive's layout, with a reorder from the user's array into it.
		 */
		private Memory blocked(dnnl_engine engine, Memory user, dnnl_memory_desc_t desc, List<Step> reorders) {
			Memory memory = new Memory(engine, desc, null);
			this.keep.add(memory);
			reorders.add(reorder(engine, user, memory));
			return memory;
		}

		private Step reorder(dnnl_engine engine, Memory from, Memory to) {
			dnnl_primitive_desc pd = new dnnl_primitive_desc();
			check(dnnl_reorder_primitive_desc_create(pd, from.desc, engine, to.desc, engine, null), "reorder desc");
			this.keep.add(pd);
			return Step.of(pd, new int[] { DNNL_ARG_FROM, DNNL_ARG_TO }, new dnnl_memory[] { from.memory, to.memory });
		}

	}

}
