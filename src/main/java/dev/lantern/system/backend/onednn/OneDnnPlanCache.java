package dev.lantern.system.backend.onednn;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.Pointer;

import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_default_flags;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_destroy;

/**
 * One layer helper's oneDNN plans, kept per key (shape and mode) with the least recently
 * used closed beyond a bound, and the stream they run on. Run as a {@link Runnable} it
 * frees all of them: it is the state a helper's cleaner frees, kept apart from the helper
 * so that the cleaner does not keep the helper reachable.
 *
 * @param <P> the kind of plan
 */
final class OneDnnPlanCache<P extends OneDnnPlanCache.Plan> implements Runnable {

	/** Primitives created once for one shape and mode, bound to arrays on each run. */
	interface Plan extends AutoCloseable {

		void run(dnnl_stream stream, OneDnnArena arena, Pointer[] handles);

		@Override
		void close();

	}

	private final dnnl_engine engine;

	private final int maxPlans;

	private final dnnl_stream stream = new dnnl_stream();

	private final Map<String, P> cache = new LinkedHashMap<>(16, 0.75f, true);

	OneDnnPlanCache(dnnl_engine engine, int maxPlans) {
		this.engine = engine;
		this.maxPlans = maxPlans;
		OneDnnSteps.check(dnnl_stream_create(this.stream, engine, dnnl_stream_default_flags), "stream");
	}

	synchronized int size() {
		return this.cache.size();
	}

	/**
	 * Runs the plan kept under the key, created first if there is none.
	 * @param key what the plan was made for (shape and mode)
	 * @param create makes the plan on the engine
	 * @param handles the arrays' addresses, in the plan's order
	 */
	synchronized void run(String key, Function<dnnl_engine, P> create, Pointer[] handles) {
		P plan = this.cache.get(key);
		if (plan == null) {
			plan = create.apply(this.engine);
			this.cache.put(key, plan);
			if (this.cache.size() > this.maxPlans) {
				Iterator<P> eldest = this.cache.values().iterator();
				eldest.next().close();
				eldest.remove();
			}
		}
		plan.run(this.stream, OneDnnArena.current(), handles);
	}

	@Override
	public synchronized void run() {
		this.cache.values().forEach(Plan::close);
		this.cache.clear();
		dnnl_stream_destroy(this.stream);
	}

}
