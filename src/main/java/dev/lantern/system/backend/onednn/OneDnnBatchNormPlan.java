package dev.lantern.system.backend.onednn;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_batch_normalization_desc_t;
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

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_MEAN;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_VARIANCE;
import static org.bytedeco.dnnl.global.dnnl.dnnl_backward;
import static org.bytedeco.dnnl.global.dnnl.dnnl_batch_normalization_backward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_batch_normalization_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_inference;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_get_size;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_init_by_tag;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_set_data_handle;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nChw16c;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nchw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_reorder_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_set_scratchpad_mode;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_scratchpad_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_scratchpad_mode_user;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_wait;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_global_stats;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_scale;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_shift;
import static org.bytedeco.dnnl.global.dnnl.dnnl_x;

/**
 * The oneDNN BatchNorm primitive of one shape and mode, created once and reused: the
 * training forward pass (oneDNN computes the batch mean and variance and writes them
 * out), the inference forward pass (it reads the given mean and variance), or the
 * backward pass (the full gradient through the batch statistics, and the scale and shift
 * gradients). It runs either on the plain NCHW arrays or on oneDNN's blocked layout
 * ({@code nChw16c}), with the arrays reordered into it and back: oneDNN has JIT kernels
 * for the blocked layout only, and takes reference loops for NCHW that cost several times
 * the reorders (docs/performance.md). Arrays are bound by address on each call; the
 * blocked copies and the scratchpad live in the per-thread {@link OneDnnArena}.
 */
final class OneDnnBatchNormPlan implements OneDnnPlanCache.Plan {

	/** What the plan computes. */
	enum Mode {

		TRAINING, INFERENCE, BACKWARD

	}

	/** Arguments by role, bound to arrays on each call. */
	static final int SRC = 0;

	static final int DST = 1;

	static final int SCALE = 2;

	static final int SHIFT = 3;

	static final int MEAN = 4;

	static final int VARIANCE = 5;

	static final int DIFF_DST = 6;

	static final int DIFF_SRC = 7;

	static final int DIFF_SCALE = 8;

	static final int DIFF_SHIFT = 9;

	private static final int[] ARGS = { DNNL_ARG_SRC, DNNL_ARG_DST, DNNL_ARG_SCALE, DNNL_ARG_SHIFT, DNNL_ARG_MEAN,
			DNNL_ARG_VARIANCE, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC, DNNL_ARG_DIFF_SCALE, DNNL_ARG_DIFF_SHIFT };

	private final dnnl_memory[] user = new dnnl_memory[ARGS.length];

	private final List<dnnl_primitive_desc> descriptors = new ArrayList<>();

	private final List<dnnl_memory> memories = new ArrayList<>();

	private final List<dnnl_primitive> primitives = new ArrayList<>();

	/** The reorders into the blocked layout, the BatchNorm, the reorders out of it. */
	private final List<OneDnnConvPlan.Step> steps = new ArrayList<>();

	/** Arena memories and their byte offsets. */
	private final List<dnnl_memory> arenaMemories = new ArrayList<>();

	private final List<Long> arenaOffsets = new ArrayList<>();

	private long arenaBytes;

	private final dnnl_engine engine;

	private long boundArena;

	/**
	 * Creates the primitives.
	 * @param engine the CPU engine
	 * @param shape the input [n, c, h, w]
	 * @param epsilon added to the variance
	 * @param mode what to compute
	 * @param blocked whether the BatchNorm runs on oneDNN's blocked layout (16 channels
	 * interleaved), with the plain arrays reordered into it and back; else on the plain
	 * arrays
	 */
	OneDnnBatchNormPlan(dnnl_engine engine, long[] shape, float epsilon, Mode mode, boolean blocked) {
		this.engine = engine;
		dnnl_memory_desc_t plain = desc(shape, dnnl_nchw);
		dnnl_memory_desc_t data = blocked ? desc(shape, dnnl_nChw16c) : plain;
		dnnl_memory_desc_t channels = desc(new long[] { shape[1] }, dnnl_x);
		int flags = dnnl_use_scale | dnnl_use_shift;
		dnnl_primitive_attr attr = new dnnl_primitive_attr();
		OneDnnConvPlan.check(dnnl_primitive_attr_create(attr), "attr");
		try {
			OneDnnConvPlan.check(dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user),
					"scratchpad mode");
			dnnl_batch_normalization_desc_t forward = new dnnl_batch_normalization_desc_t();
			OneDnnConvPlan.check(dnnl_batch_normalization_forward_desc_init(forward,
					(mode == Mode.INFERENCE) ? dnnl_forward_inference : dnnl_forward_training, data, epsilon,
					(mode == Mode.INFERENCE) ? flags | dnnl_use_global_stats : flags), "batch norm desc");
			dnnl_primitive_desc pd = descriptor(new const_dnnl_op_desc_t(forward), attr, null);
			List<Integer> roles;
			if (mode == Mode.BACKWARD) {
				dnnl_batch_normalization_desc_t backward = new dnnl_batch_normalization_desc_t();
				OneDnnConvPlan.check(dnnl_batch_normalization_backward_desc_init(backward, dnnl_backward, data, data,
						epsilon, flags), "batch norm backward desc");
				pd = descriptor(new const_dnnl_op_desc_t(backward), attr, pd);
				roles = List.of(SRC, MEAN, VARIANCE, DIFF_DST, SCALE, SHIFT, DIFF_SRC, DIFF_SCALE, DIFF_SHIFT);
			}
			else {
				roles = List.of(SRC, SCALE, SHIFT, MEAN, VARIANCE, DST);
			}
			OneDnnConvPlan.Step norm = new OneDnnConvPlan.Step(primitive(pd));
			List<OneDnnConvPlan.Step> after = new ArrayList<>();
			for (int role : roles) {
				boolean perChannel = role != SRC && role != DST && role != DIFF_DST && role != DIFF_SRC;
				this.user[role] = memory(perChannel ? channels : plain);
				dnnl_memory bound = this.user[role];
				if (blocked && !perChannel) {
					bound = arenaMemory(data);
					if (role == DST || role == DIFF_SRC) {
						after.add(reorder(bound, data, this.user[role], plain));
					}
					else {
						this.steps.add(reorder(this.user[role], plain, bound, data));
					}
				}
				norm.arg(ARGS[role], bound);
			}
			norm.arg(DNNL_ARG_SCRATCHPAD, arenaMemory(dnnl_primitive_desc_query_md(pd, dnnl_query_scratchpad_md, 0)));
			this.steps.add(norm.done());
			this.steps.addAll(after);
		}
		finally {
			dnnl_primitive_attr_destroy(attr);
		}
	}

	/**
	 * Runs the plan on the arrays bound by {@code handles} (addresses by role; roles the
	 * mode does not use are ignored).
	 * @param stream the stream
	 * @param arena the calling thread's arena
	 * @param handles the addresses of the arrays, by role
	 */
	@Override
	public void run(dnnl_stream stream, OneDnnArena arena, Pointer[] handles) {
		for (int role = 0; role < this.user.length; role++) {
			if (this.user[role] != null) {
				OneDnnConvPlan.check(dnnl_memory_set_data_handle(this.user[role], handles[role]), "bind");
			}
		}
		BytePointer base = arena.reserve(this.arenaBytes);
		long start = base.address() + base.position();
		if (start != this.boundArena) {
			for (int i = 0; i < this.arenaMemories.size(); i++) {
				Pointer at = new BytePointer(base).position(base.position() + this.arenaOffsets.get(i));
				OneDnnConvPlan.check(dnnl_memory_set_data_handle(this.arenaMemories.get(i), at), "bind arena");
			}
			this.boundArena = start;
		}
		for (OneDnnConvPlan.Step step : this.steps) {
			OneDnnConvPlan.check(dnnl_primitive_execute(step.primitive, stream, step.count, step.args), "execute");
		}
		OneDnnConvPlan.check(dnnl_stream_wait(stream), "wait");
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

	private dnnl_memory arenaMemory(dnnl_memory_desc_t desc) {
		dnnl_memory memory = memory(desc);
		this.arenaMemories.add(memory);
		this.arenaOffsets.add(this.arenaBytes);
		this.arenaBytes += (dnnl_memory_desc_get_size(desc) + 63) / 64 * 64;
		return memory;
	}

	private OneDnnConvPlan.Step reorder(dnnl_memory from, dnnl_memory_desc_t fromDesc, dnnl_memory to,
			dnnl_memory_desc_t toDesc) {
		dnnl_primitive_desc pd = new dnnl_primitive_desc();
		OneDnnConvPlan.check(dnnl_reorder_primitive_desc_create(pd, fromDesc, this.engine, toDesc, this.engine, null),
				"reorder desc");
		this.descriptors.add(pd);
		return new OneDnnConvPlan.Step(primitive(pd)).arg(DNNL_ARG_FROM, from).arg(DNNL_ARG_TO, to).done();
	}

	private dnnl_primitive primitive(dnnl_primitive_desc pd) {
		dnnl_primitive primitive = new dnnl_primitive();
		OneDnnConvPlan.check(dnnl_primitive_create(primitive, pd), "primitive");
		this.primitives.add(primitive);
		return primitive;
	}

	private dnnl_primitive_desc descriptor(const_dnnl_op_desc_t op, dnnl_primitive_attr attr,
			dnnl_primitive_desc hint) {
		dnnl_primitive_desc pd = new dnnl_primitive_desc();
		OneDnnConvPlan.check(dnnl_primitive_desc_create(pd, op, attr, this.engine, hint), "primitive desc");
		this.descriptors.add(pd);
		return pd;
	}

	private dnnl_memory memory(dnnl_memory_desc_t desc) {
		dnnl_memory memory = new dnnl_memory();
		OneDnnConvPlan.check(dnnl_memory_create(memory, desc, this.engine, (Pointer) null), "memory");
		this.memories.add(memory);
		return memory;
	}

	private static dnnl_memory_desc_t desc(long[] shape, int tag) {
		dnnl_memory_desc_t desc = new dnnl_memory_desc_t();
		OneDnnConvPlan.check(dnnl_memory_desc_init_by_tag(desc, shape.length, shape, dnnl_f32, tag), "memory desc");
		return desc;
	}

}
