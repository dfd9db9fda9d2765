package dev.lantern.system.backend.onednn;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.dnnl.const_dnnl_op_desc_t;
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

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_get_size;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_init_by_tag;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_set_data_handle;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_reorder_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_wait;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;

/**
 * What a plan runs: oneDNN primitives in order, the descriptors and memories it created
 * for them, and which of those memories live in the calling thread's {@link OneDnnArena}
 * (blocked copies and scratchpads, at fixed offsets). The plan binds its users' arrays;
 * {@link #run} binds the arena where it moved and executes the steps.
 */
final class OneDnnSteps implements AutoCloseable {

	private final dnnl_engine engine;

	private final List<Step> steps = new ArrayList<>();

	private final List<dnnl_primitive_desc> descriptors = new ArrayList<>();

	private final List<dnnl_memory> memories = new ArrayList<>();

	private final List<dnnl_primitive> primitives = new ArrayList<>();

	/** Arena memories and their byte offsets. */
	private final List<dnnl_memory> arenaMemories = new ArrayList<>();

	private final List<Long> arenaOffsets = new ArrayList<>();

	private long arenaBytes;

	private long boundArena;

	OneDnnSteps(dnnl_engine engine) {
		this.engine = engine;
	}

	/** Appends a step: the steps run in the order they were added. */
	void add(Step step) {
		this.steps.add(step);
	}

	/**
	 * Executes the steps with the arena's memories bound to the calling thread's arena,
	 * and waits for them.
	 * @param stream the stream
	 * @param arena the calling thread's arena
	 */
	void run(dnnl_stream stream, OneDnnArena arena) {
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

	/** A primitive descriptor, destroyed with the steps. */
	dnnl_primitive_desc descriptor(const_dnnl_op_desc_t op, dnnl_primitive_attr attr, dnnl_primitive_desc hint) {
		dnnl_primitive_desc pd = new dnnl_primitive_desc();
		check(dnnl_primitive_desc_create(pd, op, attr, this.engine, hint), "primitive desc");
		this.descriptors.add(pd);
		return pd;
	}

	/** A primitive, destroyed with the steps. */
	dnnl_primitive primitive(dnnl_primitive_desc pd) {
		dnnl_primitive primitive = new dnnl_primitive();
		check(dnnl_primitive_create(primitive, pd), "primitive");
		this.primitives.add(primitive);
		return primitive;
	}

	/** A memory with no buffer yet (bound by address later), destroyed with the steps. */
	dnnl_memory memory(dnnl_memory_desc_t desc) {
		dnnl_memory memory = new dnnl_memory();
		check(dnnl_memory_create(memory, desc, this.engine, (Pointer) null), "memory");
		this.memories.add(memory);
		return memory;
	}

	/** A memory in the arena, after those created before it, 64-byte aligned. */
	dnnl_memory arenaMemory(dnnl_memory_desc_t desc) {
		dnnl_memory memory = memory(desc);
		this.arenaMemories.add(memory);
		this.arenaOffsets.add(this.arenaBytes);
		this.arenaBytes += (dnnl_memory_desc_get_size(desc) + 63) / 64 * 64;
		return memory;
	}

	/** A step that reorders one memory into another of a different layout. */
	Step reorder(dnnl_memory from, dnnl_memory_desc_t fromDesc, dnnl_memory to, dnnl_memory_desc_t toDesc) {
		dnnl_primitive_desc pd = new dnnl_primitive_desc();
		check(dnnl_reorder_primitive_desc_create(pd, fromDesc, this.engine, toDesc, this.engine, null), "reorder desc");
		this.descriptors.add(pd);
		return new Step(primitive(pd)).arg(DNNL_ARG_FROM, from).arg(DNNL_ARG_TO, to).done();
	}

	/** A float memory descriptor of the shape in the layout of the tag. */
	static dnnl_memory_desc_t desc(long[] shape, int tag) {
		dnnl_memory_desc_t desc = new dnnl_memory_desc_t();
		check(dnnl_memory_desc_init_by_tag(desc, shape.length, shape, dnnl_f32, tag), "memory desc");
		return desc;
	}

	static void check(int status, String what) {
		if (status != dnnl_success) {
			throw new IllegalStateException("oneDNN " + what + ": status " + status);
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
