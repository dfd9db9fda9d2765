package dev.lantern.system.backend.onednn;

import java.util.ArrayList;
import java.util.List;

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

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_auto;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_backward_data_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_backward_weights_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_format_tag_any;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_equal;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_get_size;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_init_by_tag;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_set_data_handle;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nchw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_oihw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_set_scratchpad_mode;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_scratchpad_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_reorder_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_scratchpad_mode_user;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_wait;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;
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

	private final List<Step> steps = new ArrayList<>();

	private final List<dnnl_primitive_desc> descriptors = new ArrayList<>();

	private final List<dnnl_memory> memories = new ArrayList<>();

	private final List<dnnl_primitive> primitives = new ArrayList<>();

	/** Arena memories and their byte offsets. */
	private final List<dnnl_memory> arenaMemories = new ArrayList<>();

	private final List<Long> arenaOffsets = new ArrayList<>();

	private long arenaBytes;

	private long boundArena;

	private final dnnl_engine engine;

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
		this.engine = engine;
		dnnl_memory_desc_t plainSrc = desc(geometry.input(), dnnl_nchw);
		dnnl_memory_desc_t plainWeights = desc(geometry.weights(), dnnl_oihw);
		dnnl_memory_desc_t plainDst = desc(geometry.output(), dnnl_nchw);
		dnnl_memory_desc_t plainBias = bias ? desc(new long[] { geometry.weights()[0] }, dnnl_x) : null;
		dnnl_memory_desc_t anySrc = desc(geometry.input(), dnnl_format_tag_any);
		dnnl_memory_desc_t anyWeights = desc(geometry.weights(), dnnl_format_tag_any);
		dnnl_memory_desc_t anyDst = desc(geometry.output(), dnnl_format_tag_any);
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
			dnnl_primitive_desc fwdPd = descriptor(new const_dnnl_op_desc_t(fwdDesc), attr, null);
			if (!backward) {
				bindUser(SRC, plainSrc);
				bindUser(WEIGHTS, plainWeights);
				bindUser(DST, plainDst);
				dnnl_memory src = input(SRC, plainSrc, query(fwdPd, dnnl_query_src_md));
				dnnl_memory weights = input(WEIGHTS, plainWeights, query(fwdPd, dnnl_query_weights_md));
				dnnl_memory_desc_t dstDesc = query(fwdPd, dnnl_query_dst_md);
				dnnl_memory dst = outputMemory(DST, plainDst, dstDesc);
				Step conv = new Step(primitive(fwdPd));
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
			dnnl_primitive_desc weightsPd = descriptor(new const_dnnl_op_desc_t(weightsDesc), attr, fwdPd);

			bindUser(SRC, plainSrc);
			bindUser(DIFF_DST, plainDst);
			bindUser(DIFF_WEIGHTS, plainWeights);
			dnnl_memory_desc_t dataDiffDstDesc = null;
			dnnl_memory diffDst = null;
			if (dataGradient) {
				dnnl_convolution_desc_t dataDesc = new dnnl_convolution_desc_t();
				check(dnnl_convolution_backward_data_desc_init(dataDesc, dnnl_convolution_auto, anySrc, anyWeights,
						anyDst, strides, left, right), "backward data desc");
				dnnl_primitive_desc dataPd = descriptor(new const_dnnl_op_desc_t(dataDesc), attr, fwdPd);
				bindUser(WEIGHTS, plainWeights);
				bindUser(DIFF_SRC, plainSrc);
				// data gradient
				dataDiffDstDesc = query(dataPd, dnnl_query_diff_dst_md);
				diffDst = input(DIFF_DST, plainDst, dataDiffDstDesc);
				dnnl_memory weights = input(WEIGHTS, plainWeights, query(dataPd, dnnl_query_weights_md));
				dnnl_memory_desc_t diffSrcDesc = query(dataPd, dnnl_query_diff_src_md);
				dnnl_memory diffSrc = outputMemory(DIFF_SRC, plainSrc, diffSrcDesc);
				this.steps.add(new Step(primitive(dataPd)).arg(DNNL_ARG_DIFF_DST, diffDst)
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
			Step weightsStep = new Step(primitive(weightsPd)).arg(DNNL_ARG_SRC, src)
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
		BytePointer base = arena.reserve(this.arenaBytes);
		long start = base.address() + base.position();
		if (start != this.boundArena) {
			for (int i = 0; i < this.arenaMemories.size(); i++) {
				Pointer at = new BytePointer(base).position(base.position() + this.arenaOffsets.get(i));
				check(dnnl_memory_set_data_handle(this.arenaMemories.get(i), at), "bind arena");
			}
			this.boundArena = start;
		}
		for (Step step : this.steps) {
			check(dnnl_primitive_execute(step.primitive, stream, step.count, step.args), "execute");
		}
		check(dnnl_stream_wait(stream), "wait");
	}

	@Override
	public void close() {
		this.primitives.forEach((primitive) -> dnnl_primitive_destroy(primitive));
		this.memories.forEach((memory) -> dnnl_memory_destroy(memory));
		this.descriptors.forEach((pd) -> dnnl_primitive_desc_destroy(pd));
		this.primitives.clear();
		this.memories.clear();
		this.descriptors.clear();
	}

	private void bindUser(int role, dnnl_memory_desc_t desc) {
		if (this.user[role] == null) {
			this.user[role] = memory(desc);
		}
	}

	/** The memory a primitive reads: the user's, or an arena copy reordered into. */
	private dnnl_memory input(int role, dnnl_memory_desc_t plain, dnnl_memory_desc_t wanted) {
		if (dnnl_memory_desc_equal(plain, wanted) != 0) {
			return this.user[role];
		}
		dnnl_memory blocked = arenaMemory(wanted);
		this.steps.add(reorder(this.user[role], plain, blocked, wanted));
		return blocked;
	}

	/** The memory a primitive writes: the user's, or an arena buffer reordered from. */
	private dnnl_memory outputMemory(int role, dnnl_memory_desc_t plain, dnnl_memory_desc_t produced) {
		return (dnnl_memory_desc_equal(plain, produced) != 0) ? this.user[role] : arenaMemory(produced);
	}

	private void finishOutput(int role, dnnl_memory_desc_t plain, dnnl_memory_desc_t produced, dnnl_memory memory) {
		if (memory != this.user[role]) {
			this.steps.add(reorder(memory, produced, this.user[role], plain));
		}
	}

	private dnnl_memory scratchpad(dnnl_primitive_desc pd) {
		return arenaMemory(query(pd, dnnl_query_scratchpad_md));
	}

	private dnnl_memory arenaMemory(dnnl_memory_desc_t desc) {
		dnnl_memory memory = memory(desc);
		this.arenaMemories.add(memory);
		this.arenaOffsets.add(this.arenaBytes);
		this.arenaBytes += (dnnl_memory_desc_get_size(desc) + 63) / 64 * 64;
		return memory;
	}

	private dnnl_memory memory(dnnl_memory_desc_t desc) {
		dnnl_memory memory = new dnnl_memory();
		check(dnnl_memory_create(memory, desc, this.engine, (Pointer) null), "memory");
		this.memories.add(memory);
		return memory;
	}

	private Step reorder(dnnl_memory from, dnnl_memory_desc_t fromDesc, dnnl_memory to, dnnl_memory_desc_t toDesc) {
		dnnl_primitive_desc pd = new dnnl_primitive_desc();
		check(dnnl_reorder_primitive_desc_create(pd, fromDesc, this.engine, toDesc, this.engine, null), "reorder desc");
		this.descriptors.add(pd);
		return new Step(primitive(pd)).arg(DNNL_ARG_FROM, from).arg(DNNL_ARG_TO, to).done();
	}

	private dnnl_primitive_desc descriptor(const_dnnl_op_desc_t op, dnnl_primitive_attr attr,
			dnnl_primitive_desc hint) {
		dnnl_primitive_desc pd = new dnnl_primitive_desc();
		check(dnnl_primitive_desc_create(pd, op, attr, this.engine, hint), "primitive desc");
		this.descriptors.add(pd);
		return pd;
	}

	private dnnl_primitive primitive(dnnl_primitive_desc pd) {
		dnnl_primitive primitive = new dnnl_primitive();
		check(dnnl_primitive_create(primitive, pd), "primitive");
		this.primitives.add(primitive);
		return primitive;
	}

	private static dnnl_memory_desc_t query(dnnl_primitive_desc pd, int what) {
		return dnnl_primitive_desc_query_md(pd, what, 0);
	}

	private static dnnl_memory_desc_t desc(long[] shape, int tag) {
		dnnl_memory_desc_t desc = new dnnl_memory_desc_t();
		check(dnnl_memory_desc_init_by_tag(desc, shape.length, shape, dnnl_f32, tag), "memory desc");
		return desc;
	}

	static void check(int status, String what) {
		if (status != dnnl_success) {
			throw new IllegalStateException("oneDNN " + what + ": status " + status);
		}
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

	/** A primitive and its arguments. */
	static final class Step {

		final dnnl_primitive primitive;

		private final List<Object[]> pending = new ArrayList<>();

		dnnl_exec_arg_t args;

		int count;

		Step(dnnl_primitive primitive) {
			this.primitive = primitive;
		}

		Step arg(int name, dnnl_memory memory) {
			this.pending.add(new Object[] { name, memory });
			return this;
		}

		Step done() {
			this.count = this.pending.size();
			this.args = new dnnl_exec_arg_t(this.count);
			for (int i = 0; i < this.count; i++) {
				this.args.position(i)
					.arg((Integer) this.pending.get(i)[0])
					.memory((dnnl_memory) this.pending.get(i)[1]);
			}
			this.args.position(0);
			return this;
		}

	}

}
