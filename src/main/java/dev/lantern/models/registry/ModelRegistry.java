package dev.lantern.models.registry;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.lantern.models.ModelPublisher;
import dev.lantern.models.ModelVersionInfo;
import dev.lantern.models.NewModelVersion;
import dev.lantern.models.WeightsSource;
import dev.lantern.models.store.ModelStore;
import dev.lantern.system.errors.ConflictException;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.NotFoundException;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Named models with numbered versions: metadata in the database, files in the model store
 * under {@code <name>/<version>/}. A version's files are staged and moved into place
 * before its row is inserted, in the transaction that holds the model's row lock, so a
 * crash never registers a half-written version and concurrent publishers (on any replica)
 * get distinct numbers. Version numbers are never reused.
 */
@Service
public class ModelRegistry implements ModelPublisher {

	private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

	static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

	static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

	private final ModelRepository repository;

	private final ModelStore store;

	private final StagingArea staging;

	private final ModelFormats formats;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	ModelRegistry(ModelRepository repository, ModelStore store, ModelFormats formats, TransactionTemplate transactions,
			ApplicationEventPublisher events) {
		this.repository = repository;
		this.store = store;
		this.staging = new StagingArea(store);
		this.formats = formats;
		this.transactions = transactions;
		this.events = events;
	}

	/** All models that have at least one version. */
	public List<ModelSummary> list() {
		return this.repository.list();
	}

	/** A model with its versions; 404 when it has none. */
	public ModelDetails get(String name) {
		List<ModelVersionInfo> versions = this.repository.versions(name);
		if (versions.isEmpty()) {
			throw new NotFoundException("model", name);
		}
		Integer defaultVersion = versions.stream()
			.filter(ModelVersionInfo::isDefault)
			.map(ModelVersionInfo::version)
			.findFirst()
			.orElse(null);
		return new ModelDetails(name, defaultVersion, versions);
	}

	/** A version; 404 when there is no such version. */
	public ModelVersionInfo version(String name, int version) {
		return find(name, version).orElseThrow(() -> new NotFoundException("version", name + " v" + version));
	}

	public Optional<ModelVersionInfo> find(String name, int version) {
		return this.repository.find(name, version);
	}

	/** The model's versions, oldest first; empty when it has none. */
	public List<ModelVersionInfo> find(String name) {
		return this.repository.versions(name);
	}

	/** The model's default version, empty when the model does not exist. */
	public Optional<ModelVersionInfo> findDefault(String name) {
		return this.repository.findDefault(name);
	}

	/** The directory holding a version's files. */
	public Path directory(String name, int version) {
		checkName(name);
		return this.store.resolve(name + "/" + version);
	}

	/**
	 * Makes a version the model's default; replicas pick it up on their next lookup. A
	 * version with a metric that is not finite is refused (409).
	 */
	public ModelDetails setDefault(String name, int version) {
		this.transactions.executeWithoutResult((status) -> {
			this.repository.lock(name).orElseThrow(() -> new NotFoundException("model", name));
			String notFinite = notFinite(version(name, version).metrics());
			if (notFinite != null) {
				throw new ConflictException("Version " + version + " of model '" + name
						+ "' cannot be the default: its metric " + notFinite + " is not a finite number");
			}
			this.repository.setDefault(name, version);
		});
		log.info("Model {}: default version is now {}", name, version);
		this.events.publishEvent(new ModelChangedEvent(name, null));
		return get(name);
	}

	/**
	 * Deletes a version. The default version is refused (409) unless {@code force}; then
	 * the newest remaining version becomes the default.
	 */
	public void delete(String name, int version, boolean force) {
		this.transactions.executeWithoutResult((status) -> {
			ModelRepository.ModelRow model = this.repository.lock(name)
				.orElseThrow(() -> new NotFoundException("model", name));
			version(name, version);
			boolean isDefault = Integer.valueOf(version).equals(model.defaultVersion());
			if (isDefault && !force) {
				throw new ConflictException("Version " + version + " is the default version of model '" + name
						+ "'; make another version the default first, or delete with force=true");
			}
			this.repository.deleteVersion(name, version);
			if (isDefault) {
				this.repository.setDefault(name, this.repository.latestVersion(name).orElse(null));
			}
		});
		try {
			this.store.delete(name + "/" + version);
		}
		catch (IOException ex) {
			log.warn("Model {} v{} is deleted but its files could not be removed", name, version, ex);
		}
		log.info("Model {}: version {} deleted", name, version);
		this.events.publishEvent(new ModelChangedEvent(name, version));
	}

	@Override
	public ModelVersionInfo publish(NewModelVersion version) throws IOException {
		checkName(version.name());
		this.formats.format(version.kind());
		if (version.files() == null || version.files().isEmpty()) {
			throw InvalidInputException.field("files", "A model version needs at least one file");
		}
		Path staged = this.staging.create();
		try {
			for (var file : version.files().entrySet()) {
				checkFileName(file.getKey());
				this.store.write(this.store.root().relativize(staged.resolve(file.getKey())).toString(),
						file.getValue());
			}
			return register(new VersionMetadata(version.name(), version.kind(), version.jobId(), version.pretrained(),
					version.inputSchema(), version.labels(), version.metrics(), version.weights()), staged);
		}
		finally {
			this.staging.deleteQuietly(staged);
		}
	}

	/**
	 * Registers the complete files of {@code staged} as the model's next version: moves
	 * them into place and inserts the row in one transaction holding the model's lock.
	 */
	/** A fresh, empty staging directory inside the store (same file system). */
	Path stage() throws IOException {
		return this.staging.create();
	}

	ModelVersionInfo register(VersionMetadata metadata, Path staged) {
		String notFinite = notFinite(metadata.metrics());
		if (notFinite != null) {
			throw InvalidInputException
				.field("metrics", "Model '" + metadata.name() + "' gets no new version: its metric " + notFinite
						+ " is not a finite number, so the model diverged or is broken (try a lower learning rate)");
		}
		AtomicReference<Path> placed = new AtomicReference<>();
		ModelVersionInfo info;
		try {
			info = this.transactions.execute((status) -> {
				Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
				int number = this.repository.allocateVersion(metadata.name(), now);
				Path target = directory(metadata.name(), number);
				this.staging.moveIntoPlace(staged, target);
				placed.set(target);
				boolean first = this.repository.lock(metadata.name()).orElseThrow().defaultVersion() == null;
				ModelVersionInfo registered = new ModelVersionInfo(metadata.name(), number, metadata.kind(), first,
						metadata.jobId(), metadata.pretrained(), nullToEmpty(metadata.inputSchema()),
						(metadata.labels() != null) ? List.copyOf(metadata.labels()) : List.of(),
						(metadata.metrics() != null) ? Map.copyOf(metadata.metrics()) : Map.of(), now,
						metadata.weights());
				this.repository.insertVersion(registered);
				if (first) {
					this.repository.setDefault(metadata.name(), number);
				}
				return registered;
			});
		}
		catch (RuntimeException ex) {
			if (placed.get() != null) {
				this.staging.deleteQuietly(placed.get());
			}
			throw ex;
		}
		log.info("Model {}: registered version {} ({})", info.name(), info.version(), info.kind());
		this.events.publishEvent(new ModelChangedEvent(info.name(), null));
		return info;
	}

	/**
	 * The first metric that is not a finite number, as {@code name (value)}, or null: a
	 * version with one is never registered or made the default.
	 */
	static String notFinite(Map<String, Double> metrics) {
		if (metrics == null) {
			return null;
		}
		return metrics.entrySet()
			.stream()
			.filter((metric) -> metric.getValue() == null || !Double.isFinite(metric.getValue()))
			.map((metric) -> metric.getKey() + " (" + metric.getValue() + ")")
			.sorted()
			.findFirst()
			.orElse(null);
	}

	static void checkName(String name) {
		if (name == null || !NAME.matcher(name).matches()) {
			throw InvalidInputException.field("name",
					"A model name is 1 to 100 letters, digits, '.', '-' or '_', starting with a letter or digit: '"
							+ name + "'");
		}
	}

	static void checkFileName(String name) {
		if (name == null || !FILE_NAME.matcher(name).matches()) {
			throw InvalidInputException.field("files",
					"A model file name is letters, digits, '.', '-' or '_', starting with a letter or digit: '" + name
							+ "'");
		}
	}

	private static Map<String, Object> nullToEmpty(Map<String, Object> schema) {
		return (schema != null) ? schema : Map.of();
	}

	/**
	 * What a version is registered with, besides its files.
	 *
	 * @param name the model
	 * @param kind its kind
	 * @param jobId the job that trained it, or null
	 * @param pretrained whether pretrained weights were used
	 * @param inputSchema what it takes
	 * @param labels class labels
	 * @param metrics final figures
	 */
	record VersionMetadata(String name, String kind, UUID jobId, boolean pretrained, Map<String, Object> inputSchema,
			List<String> labels, Map<String, Double> metrics, WeightsSource weights) {

		VersionMetadata(String name, String kind, UUID jobId, boolean pretrained, Map<String, Object> inputSchema,
				List<String> labels, Map<String, Double> metrics) {
			this(name, kind, jobId, pretrained, inputSchema, labels, metrics, null);
		}

	}

}
