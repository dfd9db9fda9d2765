package dev.lantern.system.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.lantern.system.LanternProperties;

/**
 * The API keys this instance accepts. Keys are compared by SHA-256 digest in constant
 * time, so neither their length nor their content leaks through timing.
 */
public class ApiKeys {

	private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

	private final List<byte[]> digests;

	ApiKeys(List<String> keys) {
		this.digests = keys.stream().map(ApiKeys::sha256).toList();
	}

	/**
	 * Collects the configured keys; generates and stores one when none is configured and
	 * generation is on.
	 */
	static ApiKeys load(SecurityProperties properties, LanternProperties lantern) {
		List<String> keys = new ArrayList<>(properties.apiKeys());
		if (properties.apiKeysFile() != null) {
			keys.addAll(readKeys(properties.apiKeysFile()));
		}
		keys = keys.stream().map(String::strip).filter((key) -> !key.isEmpty()).distinct().toList();
		if (keys.isEmpty() && properties.generateKey()) {
			keys = List.of(generatedKey(lantern.dataDir().resolve("api-key")));
		}
		if (keys.isEmpty()) {
			log.warn("No API key is configured (lantern.security.api-keys): every mutating request will be refused");
		}
		return new ApiKeys(keys);
	}

	boolean isEmpty() {
		return this.digests.isEmpty();
	}

	boolean accepts(String key) {
		byte[] digest = sha256(key);
		boolean match = false;
		for (byte[] candidate : this.digests) {
			match |= MessageDigest.isEqual(candidate, digest);
		}
		return match;
	}

	private static List<String> readKeys(Path file) {
		try {
			return Files.readAllLines(file, StandardCharsets.UTF_8)
				.stream()
				.flatMap((line) -> Arrays.stream(line.split(",")))
				.toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException("lantern.security.api-keys-file: cannot read " + file, ex);
		}
	}

	private static String generatedKey(Path file) {
		try {
			if (Files.isRegularFile(file)) {
				String key = Files.readString(file, StandardCharsets.UTF_8).strip();
				if (!key.isEmpty()) {
					log.warn("No API key is configured: using the generated key stored in {}", file.toAbsolutePath());
					return key;
				}
			}
			byte[] random = new byte[24];
			new SecureRandom().nextBytes(random);
			String key = HexFormat.of().formatHex(random);
			Files.createDirectories(file.getParent());
			Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
			restrictToOwner(file);
			log.warn("No API key is configured: generated one and stored it in {} (set lantern.security.api-keys)",
					file.toAbsolutePath());
			return key;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot store the generated API key in " + file, ex);
		}
	}

	private static void restrictToOwner(Path file) throws IOException {
		if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
	}

	private static byte[] sha256(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
