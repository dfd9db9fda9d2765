package dev.lantern.system.backend.onednn;

import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.Pointer;

import static dev.lantern.system.backend.onednn.OneDnnSteps.check;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_auto;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_backward_data_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_backward_weights_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_format_tag_any;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_equal;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_set_data_handle;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nchw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_oihw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_set_scratchpad_mode;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_scratchpad_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_scratchpad_mode_user;
import static org.bytedeco.dnnl.global.dnnl.dnnl_x;

/**
 * The oneDNN primitives of one convolution shape, created once and reused: either the
 * forward pass, or the backward pass (data gradient, then weights and bias gradients).
 * oneDNN chooses the algorithm ({@code convolution_auto}) and the layouts; the plain
 * NCHW/OIHW arrays go in and out through reorders. Arrays are bound by address on each
 * call; the blocked buffers and the scratchpad live in a per-thread arena
 * ({@link OneDnnArena}), so a plan holds only oneDNN's small objects, freed by
 * {@link #close()}.
 */
final class OneDnnConvPlan implements OneDnnPlanCache.Plan {

	/** User (plain) memories by role, bound to arrays on each call. */
	static final int SRC = 0;

	static final int WEIGHTS = 1;

	static final int BIAS = 2;

	static final int DST = 3;

	static final int DIFF_DST = 4;

	static final int DIFF_SRC = 5;

	static final int DIFF_WEIGHTS = 6;

	static final int DIFF_BIAS = 7;

	private final dnnl_memory[] user = new dnnl_memory[8];

	private final OneDnnSteps steps;

	/**
	 * Creates the primitives.
	 * @param engine the CPU engine
	 * @param geometry input [n, c, h, w], weights [o, c, kh, kw], output [n, o, oh, ow],
	 * strides, left and right paddings
	 * @param bias whether the forward pass adds a bias, or the backward pass computes its
	 * gradient
	 * @param backward the backward pass, else the forward pass
	 * @param dataGradient whether the backward pass computes the gradient with respect to
	 * the input (else only the weights and bias gradients)
	 */
	OneDnnConvPlan(dnnl_engine engine, Geometry geometry, boolean bias, boolean backward, boolean dataGradient) {
		this.steps = new OneDnnSteps(engine);
		dnnl_memory_desc_t plainSrc = OneDnnSteps.desc(geometry.input(), dnnl_nchw);
		dnnl_memory_desc_t plainWeights = OneDnnSteps.desc(geometry.weights(), dnnl_oihw);
		dnnl_memory_desc_t plainDst = OneDnnSteps.desc(geometry.output(), dnnl_nchw);
		dnnl_memory_desc_t plainBias = bias ? OneDnnSteps.desc(new long[] { geometry.weights()[0] }, dnnl_x) : null;
		dnnl_memory_desc_t anySrc = OneDnnSteps.desc(geometry.input(), dnnl_format_tag_any);
		dnnl_memory_desc_t anyWeights = OneDnnSteps.desc(geometry.weights(), dnnl_format_tag_any);
		dnnl_memory_desc_t anyDst = OneDnnSteps.desc(geometry.output(), dnnl_format_tag_any);
		long[] strides = geometry.strides();
		long[] left = geometry.padLeft();
		long[] right = geometry.padRight();

		dnnl_primitive_attr attr = new dnnl_primitive_attr();
		check(dnnl_primitive_attr_create(attr), "attr");
		try {
			check(dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user), "scratchpad mode");
			dnnl_convolution_desc_t fwdDesc = new dnnl_convolution_desc_t();
			check(dnnl_convolution_forward_desc_init(fwdDesc, dnnl_forward_training, dnnl_convolution_auto, anySrc,
					anyWeights, plainBias, anyDst, strides, left, right), "forward desc");
			dnnl_primitive_desc fwdPd = this.steps.descriptor(new const_dnnl_op_desc_t(fwdDesc), attr, null);
			if (!backward) {
				bindUser(SRC, plainSrc);
				bindUser(WEIGHTS, plainWeights);
				bindUser(DST, plainDst);
				dnnl_memory src = input(SRC, plainSrc, query(fwdPd, dnnl_query_src_md));
				dnnl_memory weights = input(WEIGHTS, plainWeights, query(fwdPd, dnnl_query_weights_md));
				dnnl_memory_desc_t dstDesc = query(fwdPd, dnnl_query_dst_md);
				dnnl_memory dst = outputMemory(DST, plainDst, dstDesc);
				OneDnnSteps.Step conv = new OneDnnSteps.Step(this.steps.primitive(fwdPd));
				conv.arg(DNNL_ARG_SRC, src).arg(DNNL_ARG_WEIGHTS, weights).arg(DNNL_ARG_DST, dst);
				if (bias) {
					bindUser(BIAS, plainBias);
					conv.arg(DNNL_ARG_BIAS, this.user[BIAS]);
				}
				conv.arg(DNNL_ARG_SCRATCHPAD, scratchpad(fwdPd));
				this.steps.add(conv.done());
				finishOutput(DST, plainDst, dstDesc, dst);
				return;
			}
			dnnl_convolution_desc_t weightsDesc = new dnnl_convolution_desc_t();
			check(dnnl_convolution_backward_weights_desc_init(weightsDesc, dnnl_convolution_auto, anySrc, anyWeights,
					plainBias, anyDst, strides, left, right), "backward weights desc");
			dnnl_primitive_desc weightsPd = this.steps.descriptor(new const_dnnl_op_desc_t(weightsDesc), attr, fwdPd);

			bindUser(SRC, plainSrc);
			bindUser(DIFF_DST, plainDst);
			bindUser(DIFF_WEIGHTS, plainWeights);
			dnnl_memory_desc_t dataDiffDstDesc = null;
			dnnl_memory diffDst = null;
			if (dataGradient) {
				dnnl_convolution_desc_t dataDesc = new dnnl_convolution_desc_t();
				check(dnnl_convolution_backward_data_desc_init(dataDesc, dnnl_convolution_auto, anySrc, anyWeights,
						anyDst, strides, left, right), "backward data desc");
				dnnl_primitive_desc dataPd = this.steps.descriptor(new const_dnnl_op_desc_t(dataDesc), attr, fwdPd);
				bindUser(WEIGHTS, plainWeights);
				bindUser(DIFF_SRC, plainSrc);
				// data gradient
				dataDiffDstDesc = query(dataPd, dnnl_query_diff_dst_md);
				diffDst = input(DIFF_DST, plainDst, dataDiffDstDesc);
				dnnl_memory weights = input(WEIGHTS, plainWeights, query(dataPd, dnnl_query_weights_md));
				dnnl_memory_desc_t diffSrcDesc = query(dataPd, dnnl_query_diff_src_md);
				dnnl_memory diffSrc = outputMemory(DIFF_SRC, plainSrc, diffSrcDesc);
				this.steps.add(new OneDnnSteps.Step(this.steps.primitive(dataPd)).arg(DNNL_ARG_DIFF_DST, diffDst)
					.arg(DNNL_ARG_WEIGHTS, weights)
					.arg(DNNL_ARG_DIFF_SRC, diffSrc)
					.arg(DNNL_ARG_SCRATCHPAD, scratchpad(dataPd))
					.done());
				finishOutput(DIFF_SRC, plainSrc, diffSrcDesc, diffSrc);
			}
			// weights (and bias) gradient
			dnnl_memory_desc_t weightsDiffDstDesc = query(weightsPd, dnnl_query_diff_dst_md);
			dnnl_memory weightsDiffDst = (diffDst != null
					&& dnnl_memory_desc_equal(weightsDiffDstDesc, dataDiffDstDesc) != 0) ? diffDst
							: input(DIFF_DST, plainDst, weightsDiffDstDesc);
			dnnl_memory src = input(SRC, plainSrc, query(weightsPd, dnnl_query_src_md));
			dnnl_memory_desc_t diffWeightsDesc = query(weightsPd, dnnl_query_diff_weights_md);
			dnnl_memory diffWeights = outputMemory(DIFF_WEIGHTS, plainWeights, diffWeightsDesc);
			OneDnnSteps.Step weightsStep = new OneDnnSteps.Step(this.steps.primitive(weightsPd)).arg(DNNL_ARG_SRC, src)
				.arg(DNNL_ARG_DIFF_DST, weightsDiffDst)
				.arg(DNNL_ARG_DIFF_WEIGHTS, diffWeights);
			if (bias) {
				bindUser(DIFF_BIAS, plainBias);
				weightsStep.arg(DNNL_ARG_DIFF_BIAS, this.user[DIFF_BIAS]);
			}
			this.steps.add(weightsStep.arg(DNNL_ARG_SCRATCHPAD, scratchpad(weightsPd)).done());
			finishOutput(DIFF_WEIGHTS, plainWeights, diffWeightsDesc, diffWeights);
		}
		finally {
			dnnl_primitive_attr_destroy(attr);
		}
	}

	/**
	 * Runs the plan on the arrays bound by {@code handles} (addresses by role; unused
	 * roles ignored).
	 * @param stream the stream
	 * @param arena the calling thread's arena
	 * @param handles the addresses of the plain arrays, by role
	 */
	@Override
	public void run(dnnl_stream stream, OneDnnArena arena, Pointer[] handles) {
		for (int role = 0; role < this.user.length; role++) {
			if (this.user[role] != null) {
				check(dnnl_memory_set_data_handle(this.user[role], handles[role]), "bind");
			}
		}
		this.steps.run(stream, arena);
	}

	@Override
	public void close() {
		this.steps.close();
	}

	private void bindUser(int role, dnnl_memory_desc_t desc) {
		if (this.user[role] == null) {
			this.user[role] = this.steps.memory(desc);
		}
	}

	/** The memory a primitive reads: the user's, or an arena copy reordered into. */
	private dnnl_memory input(int role, dnnl_memory_desc_t plain, dnnl_memory_desc_t wanted) {
		if (dnnl_memory_desc_equal(plain, wanted) != 0) {
			return this.user[role];
		}
		dnnl_memory blocked = this.steps.arenaMemory(wanted);
		this.steps.add(this.steps.reorder(this.user[role], plain, blocked, wanted));
		return blocked;
	}

	/** The memory a primitive writes: the user's, or an arena buffer reordered from. */
	private dnnl_memory outputMemory(int role, dnnl_memory_desc_t plain, dnnl_memory_desc_t produced) {
		return (dnnl_memory_desc_equal(plain, produced) != 0) ? this.user[role] : this.steps.arenaMemory(produced);
	}

	private void finishOutput(int role, dnnl_memory_desc_t plain, dnnl_memory_desc_t produced, dnnl_memory memory) {
		if (memory != this.user[role]) {
			this.steps.add(this.steps.reorder(memory, produced, this.user[role], plain));
		}
	}

	private dnnl_memory scratchpad(dnnl_primitive_desc pd) {
		return this.steps.arenaMemory(query(pd, dnnl_query_scratchpad_md));
	}

	private static dnnl_memory_desc_t query(dnnl_primitive_desc pd, int what) {
		return dnnl_primitive_desc_query_md(pd, what, 0);
	}

	/**
	 * A convolution's shapes and padding.
	 *
	 * @param input [n, c, h, w]
	 * @param weights [o, c, kh, kw]
	 * @param output [n, o, oh, ow]
	 * @param strides [sh, sw]
	 * @param padLeft top and left padding
	 * @param padRight bottom and right padding
	 */
	record Geometry(long[] input, long[] weights, long[] output, long[] strides, long[] padLeft, long[] padRight) {

		String key() {
			return java.util.Arrays.toString(this.input) + java.util.Arrays.toString(this.weights)
					+ java.util.Arrays.toString(this.output) + java.util.Arrays.toString(this.strides)
					+ java.util.Arrays.toString(this.padLeft) + java.util.Arrays.toString(this.padRight);
		}

	}

}
