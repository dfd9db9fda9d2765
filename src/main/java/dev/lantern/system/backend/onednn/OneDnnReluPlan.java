package dev.lantern.system.backend.onednn;

import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_eltwise_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.Pointer;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.dnnl_a;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_backward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_relu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_set_data_handle;

/**
 * oneDNN's ReLU of one length, created once and reused: the forward pass
 * ({@code max(x, 0)}) or the backward pass (the output gradient where the input is
 * positive, zero elsewhere). ReLU works element by element, so an array of any shape is
 * described as one dense run of floats. Arrays are bound by address on each call; the
 * primitive needs no scratchpad.
 */
final class OneDnnReluPlan implements OneDnnPlanCache.Plan {

	/** Arguments by role, bound to arrays on each call. */
	static final int SRC = 0;

	static final int DST = 1;

	static final int DIFF_DST = 2;

	static final int DIFF_SRC = 3;

	private static final int[] ARGS = { DNNL_ARG_SRC, DNNL_ARG_DST, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC };

	private final dnnl_memory[] user = new dnnl_memory[ARGS.length];

	private final OneDnnSteps steps;

	/**
	 * Creates the primitive.
	 * @param engine the CPU engine
	 * @param length the number of elements
	 * @param backward whether it computes the gradient rather than the activation
	 */
	OneDnnReluPlan(dnnl_engine engine, long length, boolean backward) {
		this.steps = new OneDnnSteps(engine);
		dnnl_memory_desc_t data = OneDnnSteps.desc(new long[] { length }, dnnl_a);
		dnnl_eltwise_desc_t forward = new dnnl_eltwise_desc_t();
		OneDnnSteps.check(
				dnnl_eltwise_forward_desc_init(forward, dnnl_forward_training, dnnl_eltwise_relu, data, 0f, 0f),
				"relu desc");
		dnnl_primitive_desc pd = this.steps.descriptor(new const_dnnl_op_desc_t(forward), null, null);
		int[] roles = { SRC, DST };
		if (backward) {
			dnnl_eltwise_desc_t gradient = new dnnl_eltwise_desc_t();
			OneDnnSteps.check(dnnl_eltwise_backward_desc_init(gradient, dnnl_eltwise_relu, data, data, 0f, 0f),
					"relu backward desc");
			pd = this.steps.descriptor(new const_dnnl_op_desc_t(gradient), null, pd);
			roles = new int[] { SRC, DIFF_DST, DIFF_SRC };
		}
		OneDnnSteps.Step relu = new OneDnnSteps.Step(this.steps.primitive(pd));
		for (int role : roles) {
			this.user[role] = this.steps.memory(data);
			relu.arg(ARGS[role], this.user[role]);
		}
		this.steps.add(relu.done());
	}

	/**
	 * Runs the plan on the arrays bound by {@code handles} (addresses by role; roles the
	 * mode does not use are ignored).
	 * @param stream the stream
	 * @param arena the calling thread's arena (unused: the primitive has no scratchpad)
	 * @param handles the addresses of the arrays, by role
	 */
	@Override
	public void run(dnnl_stream stream, OneDnnArena arena, Pointer[] handles) {
		for (int role = 0; role < this.user.length; role++) {
			if (this.user[role] != null) {
				OneDnnSteps.check(dnnl_memory_set_data_handle(this.user[role], handles[role]), "bind");
			}
		}
		this.steps.run(stream, arena);
	}

	@Override
	public void close() {
		this.steps.close();
	}

}
