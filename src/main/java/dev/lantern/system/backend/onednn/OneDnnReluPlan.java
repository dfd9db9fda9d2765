package dev.lantern.system.backend.onednn;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_eltwise_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
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
import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_init_by_tag;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_set_data_handle;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_wait;

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

	private final List<dnnl_primitive_desc> descriptors = new ArrayList<>();

	private final dnnl_primitive primitive = new dnnl_primitive();

	private final dnnl_exec_arg_t args;

	private final int count;

	private final dnnl_engine engine;

	/**
	 * Creates the primitive.
	 * @param engine the CPU engine
	 * @param length the number of elements
	 * @param backward whether it computes the gradient rather than the activation
	 */
	OneDnnReluPlan(dnnl_engine engine, long length, boolean backward) {
		this.engine = engine;
		dnnl_memory_desc_t data = new dnnl_memory_desc_t();
		OneDnnConvPlan.check(dnnl_memory_desc_init_by_tag(data, 1, new long[] { length }, dnnl_f32, dnnl_a),
				"memory desc");
		dnnl_eltwise_desc_t forward = new dnnl_eltwise_desc_t();
		OneDnnConvPlan.check(
				dnnl_eltwise_forward_desc_init(forward, dnnl_forward_training, dnnl_eltwise_relu, data, 0f, 0f),
				"relu desc");
		dnnl_primitive_desc pd = descriptor(new const_dnnl_op_desc_t(forward), null);
		int[] roles = { SRC, DST };
		if (backward) {
			dnnl_eltwise_desc_t gradient = new dnnl_eltwise_desc_t();
			OneDnnConvPlan.check(dnnl_eltwise_backward_desc_init(gradient, dnnl_eltwise_relu, data, data, 0f, 0f),
					"relu backward desc");
			pd = descriptor(new const_dnnl_op_desc_t(gradient), pd);
			roles = new int[] { SRC, DIFF_DST, DIFF_SRC };
		}
		OneDnnConvPlan.check(dnnl_primitive_create(this.primitive, pd), "primitive");
		this.count = roles.length;
		this.args = new dnnl_exec_arg_t(this.count);
		for (int i = 0; i < roles.length; i++) {
			dnnl_memory memory = new dnnl_memory();
			OneDnnConvPlan.check(dnnl_memory_create(memory, data, engine, (Pointer) null), "memory");
			this.user[roles[i]] = memory;
			this.args.position(i).arg(ARGS[roles[i]]).memory(memory);
		}
		this.args.position(0);
	}

	/**
	 * Runs the plan on the arrays bound by {@code handles} (addresses by role; roles the
	 * mode does not use are ignored).
	 * @param stream the stream
	 * @param arena unused: the primitive has no scratchpad
	 * @param handles the addresses of the arrays, by role
	 */
	@Override
	public void run(dnnl_stream stream, OneDnnArena arena, Pointer[] handles) {
		for (int role = 0; role < this.user.length; role++) {
			if (this.user[role] != null) {
				OneDnnConvPlan.check(dnnl_memory_set_data_handle(this.user[role], handles[role]), "bind");
			}
		}
		OneDnnConvPlan.check(dnnl_primitive_execute(this.primitive, stream, this.count, this.args), "execute");
		OneDnnConvPlan.check(dnnl_stream_wait(stream), "wait");
	}

	@Override
	public void close() {
		dnnl_primitive_destroy(this.primitive);
		for (dnnl_memory memory : this.user) {
			if (memory != null) {
				dnnl_memory_destroy(memory);
			}
		}
		this.descriptors.forEach((pd) -> dnnl_primitive_desc_destroy(pd));
		this.descriptors.clear();
	}

	private dnnl_primitive_desc descriptor(const_dnnl_op_desc_t op, dnnl_primitive_desc hint) {
		dnnl_primitive_desc pd = new dnnl_primitive_desc();
		OneDnnConvPlan.check(dnnl_primitive_desc_create(pd, op, null, this.engine, hint), "primitive desc");
		this.descriptors.add(pd);
		return pd;
	}

}
