package dev.lantern.models.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * Stores model artifacts under one root directory. Every write goes to a temporary file
 * beside its target, is flushed to disk and then atomically moved into place, so a crash
 * never leaves a half-written artifact under a final name; leftover temporary files are
 * swept at startup.
 */
@Component
public class ModelStore {

	private static final Logger log = LoggerFactory.getLogger(ModelStore.class);

	static final String TEMP_MARKER = ".partial-";

	private final Path root;

	public ModelStore(ModelStoreProperties properties) {
		this.root = properties.path().toAbsolutePath().normalize();
		try {
			Files.createDirectories(this.root);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("lantern.model-store.path: cannot create " + this.root, ex);
		}
		sweepTemporaryFiles();
	}

	/** The store's root directory. */
	public Path root() {
		return this.root;
	}

	/**
	 * Resolves a path relative to the store, refusing any that would leave it.
	 * @param relative a relative path such as {@code tabular/sales/3/model.zip}
	 * @return the absolute path inside the store
	 */
	public Path resolve(String relative) {
		Path resolved = this.root.resolve(relative).normalize();
		if (!resolved.startsWith(this.root) || resolved.equals(this.root)) {
			throw new IllegalArgumentException("Not a path inside the model store: " + relative);
		}
		return resolved;
	}

	/**
	 * Writes an artifact atomically: readers see either the previous file or the complete
	 * new one, never a part.
	 * @param relative where, relative to the store
	 * @param writer writes the content; if it throws, nothing is left behind
	 * @return the final path
	 */
	public Path write(String relative, ArtifactWriter writer) throws IOException {
		Path target = resolve(relative);
		Files.createDirectories(target.getParent());
		Path temporary = target.resolveSibling("." + target.getFileName() + TEMP_MARKER + UUID.randomUUID());
		try {
			try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW)) {
				writer.writeTo(out);
			}
			force(temporary);
			moveAtomically(temporary, target);
			force(target.getParent());
			return target;
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	/** Opens an artifact for reading. */
	public InputStream open(String relative) throws IOException {
		return Files.newInputStream(resolve(relative));
	}

	public boolean exists(String relative) {
		return Files.isRegularFile(resolve(relative));
	}

	/** Deletes a file or a whole directory of the store; missing is fine. */
	public void delete(String relative) throws IOException {
		FileSystemUtils.deleteRecursively(resolve(relative));
	}

	private static void moveAtomically(Path source, Path target) throws IOException {
		try {
			Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			throw new IOException("The model store's file system cannot rename atomically: " + target.getParent(), ex);
		}
	}

	private static void force(Path path) {
		try (FileChannel channel = FileChannel.open(path,
				Files.isDirectory(path) ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// Some file systems cannot sync directories; the rename is still atomic.
			log.debug("Could not sync {}", path, ex);
		}
	}

	private void sweepTemporaryFiles() {
		try {
			Files.walkFileTree(this.root, new SimpleFileVisitor<>() {
				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
					if (file.getFileName().toString().contains(TEMP_MARKER)) {
						log.info("Removing an incomplete artifact left by an earlier run: {}", file);
						Files.deleteIfExists(file);
					}
					return FileVisitResult.CONTINUE;
				}
			});
		}
		catch (NoSuchFileException ex) {
			// Nothing to sweep.
		}
		catch (IOException ex) {
			log.warn("Could not sweep temporary files of the model store {}", this.root, ex);
		}
	}

	/** Writes one artifact's bytes. */
	@FunctionalInterface
	public interface ArtifactWriter {

		void writeTo(OutputStream out) throws IOException;

	}

}
