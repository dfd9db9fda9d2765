package dev.lantern.models.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.lantern.models.ModelVersionInfo;
import dev.lantern.models.WeightsSource;
import dev.lantern.models.store.ModelStore;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.LanternException;

import org.springframework.stereotype.Component;

/**
 * Exports a model version as one zip ({@code manifest.json} plus {@code files/...}) and
 * imports such archives. An import is checked entry by entry (names, count, uncompressed
 * size, checksums), then loaded through its kind's format to prove it loads, and only
 * then registered: a broken or foreign archive is a 400 and leaves nothing behind.
 */
@Component
class ModelArchives {

	private static final Logger log = LoggerFactory.getLogger(ModelArchives.class);

	/** The longest weights id a version records (a UUID's 36 characters). */
	static final int MAX_WEIGHTS_ID = 36;

	/** The longest weights file name a version records. */
	static final int MAX_WEIGHTS_FILE_NAME = 255;

	private static final Pattern WEIGHTS_ID = Pattern.compile("[A-Za-z0-9-]{1," + MAX_WEIGHTS_ID + "}");

	private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

	private final ModelRegistry registry;

	private final ModelFormats formats;

	private final ModelStore store;

	private final ModelsProperties properties;

	private final JsonMapper json;

	ModelArchives(ModelRegistry registry, ModelFormats formats, ModelStore store, ModelsProperties properties,
			JsonMapper json) {
		this.registry = registry;
		this.formats = formats;
		this.store = store;
		this.properties = properties;
		this.json = json;
	}

	/** Writes a version as a zip archive. */
	void export(ModelVersionInfo version, OutputStream out) throws IOException {
		Path directory = this.registry.directory(version.name(), version.version());
		List<Path> files;
		try (Stream<Path> listing = Files.list(directory)) {
			files = listing.filter(Files::isRegularFile).sorted().toList();
		}
		ZipOutputStream zip = new ZipOutputStream(out);
		List<ArchiveManifest.ArchiveFile> described = new ArrayList<>();
		for (Path file : files) {
			String name = file.getFileName().toString();
			zip.putNextEntry(new ZipEntry(ArchiveManifest.FILES + name));
			MessageDigest digest = ArchiveExtractor.sha256();
			long size;
			try (InputStream in = Files.newInputStream(file)) {
				size = in.transferTo(new DigestOutputStream(zip, digest));
			}
			zip.closeEntry();
			described.add(new ArchiveManifest.ArchiveFile(name, size, HexFormat.of().formatHex(digest.digest())));
		}
		ArchiveManifest manifest = new ArchiveManifest(ArchiveManifest.FORMAT, ArchiveManifest.FORMAT_VERSION,
				version.name(), version.version(), version.kind(), version.jobId(), version.pretrained(),
				version.weights(), version.inputSchema(), version.labels(), version.metrics(), version.createdAt(),
				described);
		zip.putNextEntry(new ZipEntry(ArchiveManifest.MANIFEST));
		zip.write(this.json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
		zip.closeEntry();
		zip.finish();
	}

	/**
	 * Imports an archive as the next version of {@code name} (or of the name in its
	 * manifest).
	 */
	ModelVersionInfo importArchive(InputStream content, String name) throws IOException {
		if (name != null) {
			ModelRegistry.checkName(name);
		}
		Path staged = this.registry.stage();
		try {
			ArchiveExtractor.Extracted extracted = new ArchiveExtractor(this.properties.maxArchiveSize().toBytes(),
					this.properties.maxArchiveEntries())
				.extract(content, staged);
			ArchiveManifest manifest = readManifest(extracted.manifest());
			String target = (name != null) ? name : manifest.name();
			ModelRegistry.checkName(target);
			verifyFiles(manifest, extracted.files());
			proveItLoads(manifest.kind(), staged);
			return this.registry.register(
					new ModelRegistry.VersionMetadata(target, manifest.kind(), manifest.jobId(), manifest.pretrained(),
							manifest.inputSchema(), manifest.labels(), manifest.metrics(), manifest.weights()),
					staged);
		}
		finally {
			if (Files.exists(staged)) {
				this.store.delete(this.store.root().relativize(staged).toString());
			}
		}
	}

	private ArchiveManifest readManifest(byte[] content) {
		ArchiveManifest manifest;
		try {
			JsonNode tree = this.json.readTree(content);
			if (!tree.isObject() || !ArchiveManifest.FORMAT.equals(tree.path("format").asString(null))) {
				throw ArchiveExtractor.foreign("its manifest's format is not '" + ArchiveManifest.FORMAT + "'");
			}
			manifest = this.json.treeToValue(tree, ArchiveManifest.class);
		}
		catch (JacksonException ex) {
			throw ArchiveExtractor.foreign(ArchiveManifest.MANIFEST + " is not a valid manifest");
		}
		if (manifest.formatVersion() != ArchiveManifest.FORMAT_VERSION) {
			throw InvalidInputException.field("file", "Archive format version " + manifest.formatVersion()
					+ " is not supported; this instance reads version " + ArchiveManifest.FORMAT_VERSION);
		}
		if (manifest.kind() == null || !this.formats.knows(manifest.kind())) {
			throw InvalidInputException.field("file", "The archive's model kind '" + manifest.kind()
					+ "' is unknown; this instance serves " + this.formats.kinds());
		}
		if (manifest.files() == null || manifest.files().isEmpty()) {
			throw ArchiveExtractor.foreign("its manifest lists no files");
		}
		checkWeights(manifest.weights());
		return manifest;
	}

	/**
	 * The manifest's weights, when present, fit what a version records: an id of at most
	 * {@value #MAX_WEIGHTS_ID} letters, digits and dashes (or none), a SHA-256 of 64
	 * hexadecimal digits, and a file name of 1 to {@value #MAX_WEIGHTS_FILE_NAME}
	 * characters without control characters.
	 */
	private static void checkWeights(WeightsSource weights) {
		if (weights == null) {
			return;
		}
		if (weights.id() != null && !WEIGHTS_ID.matcher(weights.id()).matches()) {
			throw ArchiveExtractor.foreign("its manifest's weights.id is not an id of at most " + MAX_WEIGHTS_ID
					+ " letters, digits and dashes");
		}
		if (weights.sha256() == null || !SHA256.matcher(weights.sha256()).matches()) {
			throw ArchiveExtractor.foreign("its manifest's weights.sha256 is not 64 hexadecimal digits");
		}
		String file = weights.fileName();
		if (file == null || file.isEmpty() || file.length() > MAX_WEIGHTS_FILE_NAME
				|| file.chars().anyMatch(Character::isISOControl)) {
			throw ArchiveExtractor.foreign("its manifest's weights.fileName is not a file name of 1 to "
					+ MAX_WEIGHTS_FILE_NAME + " characters without control characters");
		}
	}

	private static void verifyFiles(ArchiveManifest manifest, Map<String, String> extracted) {
		Map<String, String> expected = new HashMap<>();
		for (ArchiveManifest.ArchiveFile file : manifest.files()) {
			expected.put(file.name(), file.size() + ":" + file.sha256());
		}
		for (var file : expected.entrySet()) {
			String found = extracted.get(file.getKey());
			if (found == null) {
				throw broken("the manifest lists " + file.getKey() + " but the archive does not hold it");
			}
			if (!found.equalsIgnoreCase(file.getValue())) {
				throw broken(file.getKey() + " does not match its size or SHA-256 in the manifest");
			}
		}
		for (String name : extracted.keySet()) {
			if (!expected.containsKey(name)) {
				throw broken("it holds " + name + ", which the manifest does not list");
			}
		}
	}

	private void proveItLoads(String kind, Path staged) {
		try {
			this.formats.format(kind).load(staged);
		}
		catch (LanternException ex) {
			throw ex;
		}
		catch (Exception | LinkageError ex) {
			log.info("An imported archive of kind {} does not load", kind, ex);
			throw InvalidInputException.field("file",
					"The archive's files do not load as a '" + kind + "' model; nothing was registered");
		}
	}

	private static LanternException broken(String why) {
		return InvalidInputException.field("file", "The model archive is damaged: " + why);
	}

}
