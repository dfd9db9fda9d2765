package dev.lantern.models.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.lantern.models.Inference;
import dev.lantern.models.ModelVersionInfo;
import dev.lantern.models.Operation;
import dev.lantern.models.ServableModel;
import dev.lantern.models.registry.ModelChangedEvent;
import dev.lantern.models.registry.ModelFormats;
import dev.lantern.models.registry.ModelRegistry;
import dev.lantern.system.backend.ComputeBackend;
import dev.lantern.system.web.ProblemException;

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

	private static final Logger log = LoggerFactory.getLogger(InferenceRuntime.class);

	private static final int LOAD_ATTEMPTS = 3;

	private final VersionResolver resolver;

	private final ModelRegistry registry;

	private final ModelFormats formats;

	private final ComputeBackend backend;

	private final InferenceProperties properties;

	private final InferenceMetrics metrics;

	private final LoadedVersions loaded;

	private final ExecutorService loader;

	private volatile boolean running;

	InferenceRuntime(VersionResolver resolver, ModelRegistry registry, ModelFormats formats, ComputeBackend backend,
			InferenceProperties properties, InferenceMetrics metrics) {
		this.resolver = resolver;
		this.registry = registry;
		this.formats = formats;
		this.backend = backend;
		this.properties = properties;
		this.metrics = metrics;
		AtomicInteger loaders = new AtomicInteger();
		this.loader = Executors.newFixedThreadPool(2, (task) -> {
			Thread thread = new Thread(task, "model-loader-" + loaders.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.loaded = new LoadedVersions(properties.cacheSize().toBytes(), properties.idleUnload());
	}

	@Override
	public ModelVersionInfo resolve(String model, Integer version) {
		return this.resolver.resolve(model, version);
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
				throw ProblemException.badRequest("No inputs to run");
			}
			ModelVersionInfo info = resolve(model, version);
			WorkerGroup group = group(info);
			long now = System.nanoTime();
			long timeout = this.properties.requestTimeout().toNanos();
			Job job = new Job(operation, inputs, now, now + timeout);
			submit(info, group, job);
			return (List<O>) await(info, job, timeout - (System.nanoTime() - now));
		}
		catch (ProblemException ex) {
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
	 * @throws ProblemException 503 when it cannot be kept loaded
	 */
	public void load(ModelVersionInfo info) {
		group(info);
	}

	/** Whether a version is loaded on this instance. */
	public boolean isLoaded(String name, int version) {
		WorkerGroup group = this.loaded.peek(new VersionKey(name, version));
		return group != null && !group.isClosed();
	}

	/** The loaded versions, most queued first. */
	public List<LoadedVersion> loadedVersions() {
		List<LoadedVersion> versions = new ArrayList<>();
		for (WorkerGroup group : this.loaded.groups()) {
			versions.add(new LoadedVersion(group.key().name(), group.key().version(), group.info().kind(),
					group.workers(), group.estimatedBytes(), group.queue().size(), group.queue().capacity(),
					group.loadedAt().toString()));
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
		this.loaded.unloadIdle();
	}

	/**
	 * Queues a job on a loaded version; loads it again if it was unloaded in the
	 * meantime.
	 */
	private void submit(ModelVersionInfo info, WorkerGroup loaded, Job job) {
		WorkerGroup group = loaded;
		for (int attempt = 0; attempt < LOAD_ATTEMPTS; attempt++) {
			if (group.submit(job, this.properties.retryAfter())) {
				return;
			}
			group = group(info);
		}
		throw ProblemException.unavailable(
				"Model '" + info.name() + "' version " + info.version()
						+ " cannot be kept loaded: the cache is too small (lantern.inference.cache-size)",
				this.properties.retryAfter());
	}

	private WorkerGroup group(ModelVersionInfo info) {
		if (!this.running) {
			throw ProblemException.unavailable("The inference runtime is not running", Duration.ofSeconds(5));
		}
		VersionKey key = new VersionKey(info.name(), info.version());
		CompletableFuture<WorkerGroup> future = this.loaded.get(key, () -> open(info), this.loader);
		try {
			return future.get(this.properties.loadTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw ProblemException.unavailable("Interrupted while loading " + key, this.properties.retryAfter());
		}
		catch (TimeoutException ex) {
			throw ProblemException.unavailable(
					"Model '" + key.name() + "' version " + key.version() + " is still loading; retry later",
					this.properties.retryAfter());
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof ProblemException problem) {
				throw problem;
			}
			throw new IllegalStateException(
					"Model '" + key.name() + "' version " + key.version() + " could not be loaded from the model store",
					ex.getCause());
		}
	}

	private WorkerGroup open(ModelVersionInfo info) {
		long started = System.nanoTime();
		ServableModel model;
		try {
			model = this.formats.format(info.kind()).load(this.registry.directory(info.name(), info.version()));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		int workers = this.backend.devices().size() * this.properties.workersPerDevice();
		long needed = model.estimatedBytes() * workers;
		if (needed > this.properties.cacheSize().toBytes()) {
			throw ProblemException.unavailable("Model '" + info.name() + "' version " + info.version() + " needs about "
					+ (needed >> 20) + " MB for " + workers + " workers, more than lantern.inference.cache-size ("
					+ this.properties.cacheSize().toMegabytes() + " MB)", this.properties.retryAfter());
		}
		WorkerGroup group = new WorkerGroup(info, model, this.backend.devices(), this.properties, this.metrics);
		log.info("Loaded model {} v{} ({}) for {} workers in {} ms, about {} MB", info.name(), info.version(),
				info.kind(), workers, (System.nanoTime() - started) / 1_000_000, group.estimatedBytes() >> 20);
		return group;
	}

	private Object await(ModelVersionInfo info, Job job, long nanos) {
		try {
			return job.future().get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			ProblemException timeout = WorkerGroup.timedOut(new VersionKey(info.name(), info.version()));
			job.future().completeExceptionally(timeout);
			throw timeout;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			job.future().cancel(false);
			throw ProblemException.unavailable("Interrupted while waiting for inference", this.properties.retryAfter());
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof ProblemException problem) {
				throw problem;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw new InferenceFailedException(info, job.operation().name(), cause);
		}
	}

	private static String reason(ProblemException ex) {
		return switch (ex.getStatusCode().value()) {
			case 503, 429 -> "rejected";
			case 504 -> "timeout";
			default -> (ex.getStatusCode().is4xxClientError()) ? "invalid" : "failed";
		};
	}

	@EventListener
	void onModelChanged(ModelChangedEvent event) {
		if (event.deletedVersion() != null) {
			this.loaded.invalidate(new VersionKey(event.name(), event.deletedVersion()));
		}
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		List<WorkerGroup> groups = this.loaded.clear();
		groups.forEach(WorkerGroup::shutdown);
		for (WorkerGroup group : groups) {
			try {
				group.join(Duration.ofSeconds(10));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		this.loader.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * A loaded version, for the system report.
	 *
	 * @param model the model
	 * @param version the version
	 * @param kind its kind
	 * @param workers its worker threads (each with a copy)
	 * @param estimatedBytes the memory its copies hold, estimated
	 * @param queued requests waiting
	 * @param capacity the queue's bound
	 * @param loadedAt when it was loaded
	 */
	public record LoadedVersion(String model, int version, String kind, int workers, long estimatedBytes, int queued,
			int capacity, String loadedAt) {

	}

}
