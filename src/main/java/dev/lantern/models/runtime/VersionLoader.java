package dev.lantern.models.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.lantern.models.ModelVersionInfo;
import dev.lantern.models.ServableModel;
import dev.lantern.models.registry.ModelFormats;
import dev.lantern.models.registry.ModelRegistry;
import dev.lantern.system.backend.ComputeBackend;
import dev.lantern.system.errors.LanternException;
import dev.lantern.system.errors.NotFoundException;
import dev.lantern.system.errors.UnavailableException;

import org.springframework.stereotype.Component;

/**
 * Loads model versions from the shared store through their kind's format, on two loader
 * threads, into worker groups (one group of workers per version, spread over the
 * devices), and keeps them in {@link LoadedVersions}, bounded by
 * {@code lantern.inference.cache-size}.
 */
@Component
class VersionLoader {

	private static final Logger log = LoggerFactory.getLogger(VersionLoader.class);

	private final ModelRegistry registry;

	private final ModelFormats formats;

	private final ComputeBackend backend;

	private final InferenceProperties properties;

	private final InferenceMetrics metrics;

	private final LoadedVersions loaded;

	private final AtomicInteger loaders = new AtomicInteger();

	/**
	 * Loads versions off the request threads; made anew after a stop, as contexts may
	 * restart.
	 */
	private ExecutorService loader;

	VersionLoader(ModelRegistry registry, ModelFormats formats, ComputeBackend backend, InferenceProperties properties,
			InferenceMetrics metrics) {
		this.registry = registry;
		this.formats = formats;
		this.backend = backend;
		this.properties = properties;
		this.metrics = metrics;
		this.loaded = new LoadedVersions(properties.cacheSize().toBytes(), properties.idleUnload());
	}

	private synchronized ExecutorService loader() {
		if (this.loader == null || this.loader.isShutdown()) {
			this.loader = Executors.newFixedThreadPool(2, (task) -> {
				Thread thread = new Thread(task, "model-loader-" + this.loaders.incrementAndGet());
				thread.setDaemon(true);
				return thread;
			});
		}
		return this.loader;
	}

	/**
	 * The version's worker group, loading the version if needed and waiting up to
	 * {@code load-timeout}.
	 * @throws UnavailableException when it cannot be loaded in time or kept loaded
	 */
	WorkerGroup acquire(ModelVersionInfo info) {
		VersionKey key = new VersionKey(info.name(), info.version());
		CompletableFuture<WorkerGroup> future = this.loaded.get(key, () -> open(info), loader());
		try {
			return future.get(this.properties.loadTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UnavailableException("Interrupted while loading " + key, this.properties.retryAfter());
		}
		catch (TimeoutException ex) {
			throw new UnavailableException(
					"Model '" + key.name() + "' version " + key.version() + " is still loading; retry later",
					this.properties.retryAfter());
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof LanternException problem) {
				throw problem;
			}
			if (this.registry.find(key.name(), key.version()).isEmpty()) {
				throw new NotFoundException("Model '" + key.name() + "' version " + key.version()
						+ " was deleted while the request waited");
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
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		VersionKey key = new VersionKey(info.name(), info.version());
		ActivationBudget budget = ActivationBudget.of(model, key, this.properties);
		int workers = this.backend.devices().size() * this.properties.workersPerDevice();
		long needed = (Math.max(0, model.estimatedBytes()) + budget.bytes()) * workers;
		if (needed > this.properties.cacheSize().toBytes()) {
			throw new UnavailableException("Model '" + info.name() + "' version " + info.version() + " needs about "
					+ (needed >> 20) + " MB for " + workers + " workers (weights and the activations of a batch of "
					+ budget.examplesPerPass() + " each), more than lantern.inference.cache-size ("
					+ this.properties.cacheSize().toMegabytes() + " MB)", this.properties.retryAfter());
		}
		WorkerGroup group = new WorkerGroup(info, model, budget, this.backend.devices(), this.properties, this.metrics);
		log.info("Loaded model {} v{} ({}) for {} workers in {} ms, about {} MB; batches of at most {} examples "
				+ "({} MB of activations each, {} MB per example by its estimate, lantern.inference.worker-memory {} MB)",
				info.name(), info.version(), info.kind(), workers, (System.nanoTime() - started) / 1_000_000,
				group.estimatedBytes() >> 20, budget.examplesPerPass(), budget.bytes() >> 20,
				String.format(Locale.ROOT, "%.2f", budget.bytesPerExample() / 1048576.0),
				this.properties.workerMemory().toMegabytes());
		return group;
	}

	/** The group of a loaded version, or null. */
	WorkerGroup peek(VersionKey key) {
		return this.loaded.peek(key);
	}

	/** The loaded groups. */
	List<WorkerGroup> groups() {
		return this.loaded.groups();
	}

	void invalidate(VersionKey key) {
		this.loaded.invalidate(key);
	}

	void unloadIdle() {
		this.loaded.unloadIdle();
	}

	/** Unloads everything at once: queued requests fail with 503, workers stop. */
	void unloadAll() {
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
		synchronized (this) {
			if (this.loader != null) {
				this.loader.shutdownNow();
				this.loader = null;
			}
		}
	}

}
