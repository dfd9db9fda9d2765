package dev.lantern.models.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.lantern.models.store.ModelStore;

/**
 * Where a version's files are put together before they become visible: directories under
 * {@code <store>/.staging/}, on the store's file system so that moving one into place is
 * a rename. Staging directories older than a day are left from a crash and swept at
 * startup; younger ones may belong to another replica sharing the store.
 */
final class StagingArea {

	private static final Logger log = LoggerFactory.getLogger(StagingArea.class);

	private static final String DIRECTORY = ".staging";

	private final ModelStore store;

	StagingArea(ModelStore store) {
		this.store = store;
		sweepAbandoned();
	}

	/** A fresh, empty staging directory inside the store (same file system). */
	Path create() throws IOException {
		Path staged = this.store.resolve(DIRECTORY + "/" + UUID.randomUUID());
		Files.createDirectories(staged);
		return staged;
	}

	/**
	 * Moves a staged directory to a version's place. A directory already there belongs to
	 * no registered version (its number was never committed): it is left from a crash and
	 * replaced.
	 */
	void moveIntoPlace(Path staged, Path target) {
		try {
			if (Files.exists(target)) {
				log.info("Replacing {}, left by an unfinished registration", target);
				this.store.delete(this.store.root().relativize(target).toString());
			}
			Files.createDirectories(target.getParent());
			Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot move the model files into " + target, ex);
		}
	}

	void deleteQuietly(Path path) {
		try {
			this.store.delete(this.store.root().relativize(path).toString());
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Could not remove {}", path, ex);
		}
	}

	/**
	 * Removes staging directories older than a day: left by a crash. Younger ones may
	 * belong to another replica sharing the store.
	 */
	private void sweepAbandoned() {
		Path staging = this.store.root().resolve(DIRECTORY);
		if (!Files.isDirectory(staging)) {
			return;
		}
		Instant cutoff = Instant.now().minus(1, ChronoUnit.DAYS);
		try (var children = Files.list(staging)) {
			children.filter((child) -> {
				try {
					return Files.getLastModifiedTime(child).toInstant().isBefore(cutoff);
				}
				catch (IOException ex) {
					return false;
				}
			}).forEach(this::deleteQuietly);
		}
		catch (IOException ex) {
			log.warn("Could not sweep {}", staging, ex);
		}
	}

}
