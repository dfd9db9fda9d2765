package dev.lantern.models.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.lantern.models.Inference;
import dev.lantern.models.ModelVersionInfo;
import dev.lantern.models.Operation;
import dev.lantern.models.ServableModel;
import dev.lantern.models.registry.ModelChangedEvent;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.CapacityException;
import dev.lantern.system.errors.DeadlineExceededException;
import dev.lantern.system.errors.LanternException;
import dev.lantern.system.errors.UnavailableException;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Runs operations on model versions through per-device workers. The calling (HTTP) thread
 * resolves the version, makes sure it is loaded (lazily, from the shared store, through
 * its kind's format), queues its inputs and waits for the future, at most
 * {@code lantern.inference.request-timeout}. Loaded versions are kept in a cache bounded
 * by {@code lantern.inference.cache-size}; the least recently used is unloaded first.
 */
@Service
public class InferenceRuntime implements Inference, SmartLifecycle {

	private static final int LOAD_ATTEMPTS = 3;

	private final VersionResolver resolver;

	private final VersionLoader versions;

	private final InferenceProperties properties;

	private final InferenceMetrics metrics;

	private volatile boolean running;

	InferenceRuntime(VersionResolver resolver, VersionLoader versions, InferenceProperties properties,
			InferenceMetrics metrics) {
		this.resolver = resolver;
		this.versions = versions;
		this.properties = properties;
		this.metrics = metrics;
	}

	@Override
	public ModelVersionInfo resolve(String model, Integer version) {
		return this.resolver.resolve(model, version);
	}

	@Override
	public ModelVersionInfo resolve(String model, Integer version, String kind) {
		ModelVersionInfo info = resolve(model, version);
		if (!kind.equals(info.kind())) {
			throw InvalidInputException.field("model", "Model '" + info.name() + "' version " + info.version()
					+ " is a " + info.kind() + " model, not a " + kind + " model");
		}
		return info;
	}

	@Override
	public <M extends ServableModel, I, O> O run(String model, Integer version, Operation<M, I, O> operation, I input) {
		return runAll(model, version, operation, List.of(input)).get(0);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <M extends ServableModel, I, O> List<O> runAll(String model, Integer version, Operation<M, I, O> operation,
			List<I> inputs) {
		this.metrics.request(model, operation.name());
		try {
			if (inputs.isEmpty()) {
				throw new InvalidInputException("No inputs to run");
			}
			ModelVersionInfo info = resolve(model, version, operation.modelKind());
			WorkerGroup group = group(info);
			long now = System.nanoTime();
			long timeout = this.properties.requestTimeout().toNanos();
			InferenceRequest request = new InferenceRequest(operation, inputs, now, now + timeout);
			submit(info, group, request);
			return (List<O>) await(info, request, timeout - (System.nanoTime() - now));
		}
		catch (LanternException ex) {
			this.metrics.error(model, operation.name(), reason(ex));
			throw ex;
		}
		catch (RuntimeException | Error ex) {
			this.metrics.error(model, operation.name(), "failed");
			throw ex;
		}
	}

	/**
	 * Loads a version if it is not loaded yet, and waits for it.
	 * @throws UnavailableException when it cannot be kept loaded
	 */
	public void load(ModelVersionInfo info) {
		group(info);
	}

	/** Whether a version is loaded on this instance. */
	public boolean isLoaded(String name, int version) {
		WorkerGroup group = this.versions.peek(new VersionKey(name, version));
		return group != null && !group.isClosed();
	}

	/** The loaded versions, most queued first. */
	public List<LoadedVersion> loadedVersions() {
		List<LoadedVersion> versions = new ArrayList<>();
		for (WorkerGroup group : this.versions.groups()) {
			ActivationBudget budget = group.budget();
			versions.add(new LoadedVersion(group.key().name(), group.key().version(), group.info().kind(),
					group.workers(), group.estimatedBytes(), budget.bytesPerExample(), budget.examplesPerPass(),
					budget.bytes(), group.queue().size(), group.queue().capacity(), group.loadedAt().toString()));
		}
		versions.sort(Comparator.comparingInt(LoadedVersion::queued)
			.reversed()
			.thenComparing(LoadedVersion::model)
			.thenComparingInt(LoadedVersion::version));
		return versions;
	}

	/** Unloads the versions not used for {@code lantern.inference.idle-unload}. */
	@Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
	void unloadIdle() {
		this.versions.unloadIdle();
	}

	/**
	 * Queues a request on a loaded version; loads it again if it was unloaded in the
	 * meantime.
	 */
	private void submit(ModelVersionInfo info, WorkerGroup loaded, InferenceRequest request) {
		WorkerGroup group = loaded;
		for (int attempt = 0; attempt < LOAD_ATTEMPTS; attempt++) {
			if (group.submit(request, this.properties.retryAfter())) {
				return;
			}
			group = group(info);
		}
		throw new UnavailableException(
				"Model '" + info.name() + "' version " + info.version()
						+ " cannot be kept loaded: the cache is too small (lantern.inference.cache-size)",
				this.properties.retryAfter());
	}

	private Object await(ModelVersionInfo info, InferenceRequest request, long nanos) {
		try {
			return request.future().get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			LanternException timeout = WorkerGroup.timedOut(new VersionKey(info.name(), info.version()));
			request.future().completeExceptionally(timeout);
			throw timeout;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			request.future().cancel(false);
			throw new UnavailableException("Interrupted while waiting for inference", this.properties.retryAfter());
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof LanternException problem) {
				throw problem;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw new InferenceFailedException(info, request.operation().name(), cause);
		}
	}

	private static String reason(RuntimeException ex) {
		if (ex instanceof UnavailableException || ex instanceof CapacityException) {
			return "rejected";
		}
		if (ex instanceof DeadlineExceededException) {
			return "timeout";
		}
		return (ex instanceof LanternException) ? "invalid" : "failed";
	}

	@EventListener
	void onModelChanged(ModelChangedEvent event) {
		if (event.deletedVersion() != null) {
			this.versions.invalidate(new VersionKey(event.name(), event.deletedVersion()));
		}
	}

	private WorkerGroup group(ModelVersionInfo info) {
		if (!this.running) {
			throw new UnavailableException("The inference runtime is not running", Duration.ofSeconds(5));
		}
		return this.versions.acquire(info);
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.versions.unloadAll();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops after the web server has finished its requests in a graceful shutdown, so
	 * requests in flight still get their answers.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	/**
	 * A loaded version, for the system report.
	 *
	 * @param model the model
	 * @param version the version
	 * @param kind its kind
	 * @param workers its worker threads (each with a copy)
	 * @param estimatedBytes the memory its workers hold, estimated: each its model copy
	 * and the activations of its largest batch
	 * @param activationBytesPerExample the activation memory of one example (an image, a
	 * table row) by the version's estimate, 0 when negligible
	 * @param maxBatchExamples the most examples a worker runs in one pass: what
	 * {@code worker-memory} allows, at most the model's largest pass
	 * ({@code max-batch-size} inputs, or the pass size of a model that cuts its inputs
	 * itself)
	 * @param activationBytes the activation memory of such a pass, estimated (at most
	 * {@code worker-memory})
	 * @param queued requests waiting
	 * @param capacity the queue's bound
	 * @param loadedAt when it was loaded
	 */
	public record LoadedVersion(String model, int version, String kind, int workers, long estimatedBytes,
			long activationBytesPerExample, int maxBatchExamples, long activationBytes, int queued, int capacity,
			String loadedAt) {

	}

}
