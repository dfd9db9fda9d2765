package dev.lantern.vision.weights;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.lantern.models.store.ModelStore;
import dev.lantern.system.errors.ConflictException;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.NotFoundException;
import dev.lantern.system.errors.TooLargeException;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Pretrained weights as managed resources: an upload is streamed to a temporary file
 * (bounded by {@code lantern.vision.weights.max-file-size}, hashed on the way), read and
 * validated completely (format, limits, finite values, every tensor the architecture
 * needs with the right shape), and only then written into the model store under
 * {@code pretrained/<id>/} (atomically, so every replica sharing the store sees the
 * complete file or nothing) and registered in {@code pretrained_weights}. A file that
 * fails any check stores nothing.
 */
@Service
public class PretrainedWeightsStore {

	private static final Logger log = LoggerFactory.getLogger(PretrainedWeightsStore.class);

	private static final String DIRECTORY = "pretrained/";

	private static final TypeReference<List<String>> NAMES = new TypeReference<>() {
	};

	private static final String COLUMNS = "id, architecture, base_width, format, dtype, file_name, sha256, parameters, "
			+ "bytes, ignored_tensors, added_at";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final ModelStore store;

	private final WeightsFiles files;

	private final WeightsProperties limits;

	private final List<WeightsUsers> users;

	PretrainedWeightsStore(JdbcClient jdbc, JsonMapper json, ModelStore store, WeightsFiles files,
			WeightsProperties limits, List<WeightsUsers> users) {
		this.jdbc = jdbc;
		this.json = json;
		this.store = store;
		this.files = files;
		this.limits = limits;
		this.users = List.copyOf(users);
	}

	/**
	 * Imports a weights file.
	 * @param content the file's bytes
	 * @param fileName the file's name as uploaded
	 * @param architecture {@code resnet18}, {@code resnet34} or {@code resnet50}, or null
	 * to take the one the tensors' shapes say
	 * @return the stored weights
	 * @throws InvalidInputException naming the tensor, entry or field that is wrong
	 * @throws TooLargeException past a {@code lantern.vision.weights} limit
	 * @throws ConflictException when the same file was imported before
	 */
	public PretrainedWeightsInfo importFile(InputStream content, String fileName, String architecture)
			throws IOException {
		String name = displayName(fileName);
		if (architecture != null) {
			// An unknown architecture is refused before the upload is read.
			ResNetLayout.of(architecture, 64);
		}
		Path upload = Files.createTempFile("lantern-weights-", ".upload");
		try {
			MessageDigest sha256 = sha256();
			long bytes = copy(content, upload, sha256, name);
			StateDict weights = this.files.read(upload, name);
			ResNetLayout inferred = ResNetLayout.infer(TorchvisionResNetMapping.torchvisionNames(weights));
			ResNetLayout layout = (architecture != null) ? ResNetLayout.of(architecture, inferred.baseWidth())
					: inferred;
			if (!layout.supported()) {
				throw InvalidInputException.field("file", name + " holds " + layout.describe() + "; Lantern builds "
						+ String.join(", ", ResNetLayout.SUPPORTED.stream().sorted().toList()));
			}
			List<String> ignored = TorchvisionResNetMapping.check(weights, layout);
			long parameters = weights.tensors()
				.values()
				.stream()
				.filter((tensor) -> !ignored.contains(tensor.name()))
				.mapToLong(Tensor::elements)
				.sum();
			String hash = HexFormat.of().formatHex(sha256.digest());
			refuseDuplicate(hash);
			PretrainedWeightsInfo info = new PretrainedWeightsInfo(UUID.randomUUID().toString(), layout.name(),
					layout.baseWidth(), weights.format(), dtype(weights), name, hash, parameters, bytes,
					List.copyOf(ignored), Instant.now().truncatedTo(ChronoUnit.MILLIS));
			store(info, upload);
			log.info("Imported pretrained weights {} ({} at base width {}, {} {}, {})", info.id(), info.architecture(),
					info.baseWidth(), info.format(), info.dtype(), name);
			return info;
		}
		finally {
			Files.deleteIfExists(upload);
		}
	}

	/** All imported weights, newest first. */
	public List<PretrainedWeightsInfo> list() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM pretrained_weights ORDER BY added_at DESC, id")
			.query((rs, row) -> row(rs))
			.list();
	}

	/** The weights of that id, or a {@link NotFoundException}. */
	public PretrainedWeightsInfo get(String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM pretrained_weights WHERE id = ?")
			.param(id)
			.query((rs, row) -> row(rs))
			.optional()
			.orElseThrow(() -> new NotFoundException("pretrained weights", id));
	}

	/**
	 * Reads stored weights again (with every check of an import).
	 * @param id the weights' id
	 * @return the tensors
	 */
	public StateDict read(String id) throws IOException {
		PretrainedWeightsInfo info = get(id);
		return this.files.read(this.store.resolve(relativePath(info)), info.fileName());
	}

	/**
	 * The newest imported weights of an architecture at a base width, if any.
	 * @param architecture {@code resnet18}, {@code resnet34} or {@code resnet50}
	 * @param baseWidth the body's base width (torchvision: 64)
	 */
	public java.util.Optional<PretrainedWeightsInfo> newest(String architecture, int baseWidth) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM pretrained_weights WHERE architecture = ? AND base_width = ? "
					+ "ORDER BY added_at DESC, id LIMIT 1")
			.params(architecture, baseWidth)
			.query((rs, row) -> row(rs))
			.optional();
	}

	/**
	 * Deletes the weights' row, then their file; a {@link ConflictException} while a
	 * queued or running job names them.
	 */
	public void delete(String id) throws IOException {
		PretrainedWeightsInfo info = get(id);
		for (WeightsUsers candidate : this.users) {
			candidate.userOf(id).ifPresent((user) -> {
				throw new ConflictException("Pretrained weights " + id + " (" + info.fileName() + ") are named by "
						+ user + "; delete them once it has ended, or cancel it");
			});
		}
		int deleted = this.jdbc.sql("DELETE FROM pretrained_weights WHERE id = ?").param(id).update();
		if (deleted == 0) {
			throw new NotFoundException("pretrained weights", id);
		}
		this.store.delete(DIRECTORY + info.id());
		log.info("Deleted pretrained weights {} ({})", id, info.fileName());
	}

	private void store(PretrainedWeightsInfo info, Path upload) throws IOException {
		String relative = relativePath(info);
		this.store.write(relative, (out) -> Files.copy(upload, out));
		try {
			this.jdbc.sql("INSERT INTO pretrained_weights (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
				.params(info.id(), info.architecture(), info.baseWidth(), info.format(), info.dtype(), info.fileName(),
						info.sha256(), info.parameters(), info.bytes(),
						this.json.writeValueAsString(info.ignoredTensors()), Timestamp.from(info.addedAt()))
				.update();
		}
		catch (RuntimeException ex) {
			this.store.delete(DIRECTORY + info.id());
			if (ex instanceof DuplicateKeyException) {
				refuseDuplicate(info.sha256());
			}
			throw ex;
		}
	}

	private void refuseDuplicate(String sha256) {
		this.jdbc.sql("SELECT id FROM pretrained_weights WHERE sha256 = ?")
			.param(sha256)
			.query(String.class)
			.optional()
			.ifPresent((existing) -> {
				throw new ConflictException(
						"These weights (SHA-256 " + sha256 + ") were imported already as " + existing);
			});
	}

	/** Copies the upload to the file, hashing it, refusing it past the size limit. */
	private long copy(InputStream content, Path file, MessageDigest sha256, String name) throws IOException {
		long limit = this.limits.maxFileSize().toBytes();
		byte[] buffer = new byte[1 << 16];
		long total = 0;
		try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha256)) {
			int read;
			while ((read = content.read(buffer)) != -1) {
				total += read;
				if (total > limit) {
					throw new TooLargeException(name + " is larger than " + this.limits.maxFileSize() + " ("
							+ WeightsProperties.PREFIX + "max-file-size)");
				}
				out.write(buffer, 0, read);
			}
		}
		return total;
	}

	private PretrainedWeightsInfo row(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new PretrainedWeightsInfo(rs.getString("id"), rs.getString("architecture"), rs.getInt("base_width"),
				rs.getString("format"), rs.getString("dtype"), rs.getString("file_name"),
				rs.getString("sha256").strip(), rs.getLong("parameters"), rs.getLong("bytes"),
				this.json.readValue(rs.getString("ignored_tensors"), NAMES), rs.getTimestamp("added_at").toInstant());
	}

	private static String relativePath(PretrainedWeightsInfo info) {
		return DIRECTORY + info.id() + "/weights." + (info.format().equals("safetensors") ? "safetensors" : "pth");
	}

	private static String dtype(StateDict weights) {
		String joined = weights.floatingDtypes().stream().map(Enum::name).collect(Collectors.joining("+"));
		return joined.isEmpty() ? "none" : joined;
	}

	/** The file name without any folders, printable, at most 200 characters. */
	static String displayName(String fileName) {
		String name = (fileName != null) ? fileName : "";
		name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
		StringBuilder safe = new StringBuilder();
		name.codePoints().filter((c) -> !Character.isISOControl(c)).limit(200).forEach(safe::appendCodePoint);
		return safe.toString().isBlank() ? "weights" : safe.toString().strip();
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("The JVM has no SHA-256", ex);
		}
	}

}
