package dev.lantern.models.runtime;

import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.lantern.models.ModelVersionInfo;
import dev.lantern.models.registry.ModelChangedEvent;
import dev.lantern.models.registry.ModelRegistry;
import dev.lantern.system.errors.LanternException;
import dev.lantern.system.errors.NotFoundException;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Finds the version that serves a request: the named one, or the model's default read
 * from the database. Answers are kept for {@code lantern.inference.metadata-ttl}, so a
 * default switched on another replica is served after at most that long; changes made on
 * this replica drop the cached answers at once.
 */
@Component
class VersionResolver {

	private final ModelRegistry registry;

	private final Cache<String, Optional<ModelVersionInfo>> defaults;

	private final Cache<VersionKey, Optional<ModelVersionInfo>> versions;

	VersionResolver(ModelRegistry registry, InferenceProperties properties) {
		this.registry = registry;
		this.defaults = Caffeine.newBuilder().expireAfterWrite(properties.metadataTtl()).maximumSize(10_000).build();
		this.versions = Caffeine.newBuilder().expireAfterWrite(properties.metadataTtl()).maximumSize(10_000).build();
	}

	/**
	 * The version's metadata.
	 * @param version a version number, or null for the default
	 * @throws NotFoundException when there is no such model or version
	 */
	ModelVersionInfo resolve(String name, Integer version) {
		if (version == null) {
			return this.defaults.get(name, this.registry::findDefault)
				.orElseThrow(() -> new NotFoundException("model", name));
		}
		return this.versions.get(new VersionKey(name, version), (key) -> this.registry.find(name, version))
			.orElseThrow(() -> new NotFoundException("version", name + " v" + version));
	}

	@EventListener
	void onModelChanged(ModelChangedEvent event) {
		this.defaults.invalidate(event.name());
		this.versions.asMap().keySet().removeIf((key) -> key.name().equals(event.name()));
	}

}
