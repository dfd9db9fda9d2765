package dev.lantern.system.backend.onednn;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_batch_normalization_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.Pointer;

import static dev.lantern.system.backend.onednn.OneDnnSteps.check;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
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
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_inference;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_set_data_handle;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nChw16c;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nchw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_set_scratchpad_mode;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_scratchpad_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_scratchpad_mode_user;
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

	private final OneDnnSteps steps;

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
		this.steps = new OneDnnSteps(engine);
		dnnl_memory_desc_t plain = OneDnnSteps.desc(shape, dnnl_nchw);
		dnnl_memory_desc_t data = blocked ? OneDnnSteps.desc(shape, dnnl_nChw16c) : plain;
		dnnl_memory_desc_t channels = OneDnnSteps.desc(new long[] { shape[1] }, dnnl_x);
		int flags = dnnl_use_scale | dnnl_use_shift;
		dnnl_primitive_attr attr = new dnnl_primitive_attr();
		check(dnnl_primitive_attr_create(attr), "attr");
		try {
			check(dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user), "scratchpad mode");
			dnnl_batch_normalization_desc_t forward = new dnnl_batch_normalization_desc_t();
			check(dnnl_batch_normalization_forward_desc_init(forward,
					(mode == Mode.INFERENCE) ? dnnl_forward_inference : dnnl_forward_training, data, epsilon,
					(mode == Mode.INFERENCE) ? flags | dnnl_use_global_stats : flags), "batch norm desc");
			dnnl_primitive_desc pd = this.steps.descriptor(new const_dnnl_op_desc_t(forward), attr, null);
			List<Integer> roles;
			if (mode == Mode.BACKWARD) {
				dnnl_batch_normalization_desc_t backward = new dnnl_batch_normalization_desc_t();
				check(dnnl_batch_normalization_backward_desc_init(backward, dnnl_backward, data, data, epsilon, flags),
						"batch norm backward desc");
				pd = this.steps.descriptor(new const_dnnl_op_desc_t(backward), attr, pd);
				roles = List.of(SRC, MEAN, VARIANCE, DIFF_DST, SCALE, SHIFT, DIFF_SRC, DIFF_SCALE, DIFF_SHIFT);
			}
			else {
				roles = List.of(SRC, SCALE, SHIFT, MEAN, VARIANCE, DST);
			}
			OneDnnSteps.Step norm = new OneDnnSteps.Step(this.steps.primitive(pd));
			List<OneDnnSteps.Step> after = new ArrayList<>();
			for (int role : roles) {
				boolean perChannel = role != SRC && role != DST && role != DIFF_DST && role != DIFF_SRC;
				this.user[role] = this.steps.memory(perChannel ? channels : plain);
				dnnl_memory bound = this.user[role];
				if (blocked && !perChannel) {
					bound = this.steps.arenaMemory(data);
					if (role == DST || role == DIFF_SRC) {
						after.add(this.steps.reorder(bound, data, this.user[role], plain));
					}
					else {
						this.steps.add(this.steps.reorder(this.user[role], plain, bound, data));
					}
				}
				norm.arg(ARGS[role], bound);
			}
			norm.arg(DNNL_ARG_SCRATCHPAD,
					this.steps.arenaMemory(dnnl_primitive_desc_query_md(pd, dnnl_query_scratchpad_md, 0)));
			this.steps.add(norm.done());
			after.forEach(this.steps::add);
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
				check(dnnl_memory_set_data_handle(this.user[role], handles[role]), "bind");
			}
		}
		this.steps.run(stream, arena);
	}

	@Override
	public void close() {
		this.steps.close();
	}

}
