package dev.lantern.models.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.LanternException;
import dev.lantern.system.errors.TooLargeException;

/**
 * Streams an uploaded model archive into a staging directory, refusing what does not
 * belong in one: entries outside {@code files/} or outside the archive (zip slip), more
 * than {@code max-archive-entries} entries, more than {@code max-archive-size}
 * uncompressed bytes (an archive bomb stops at the limit).
 */
final class ArchiveExtractor {

	private static final int MAX_MANIFEST_BYTES = 1024 * 1024;

	private final long maxBytes;

	private final int maxEntries;

	ArchiveExtractor(long maxBytes, int maxEntries) {
		this.maxBytes = maxBytes;
		this.maxEntries = maxEntries;
	}

	Extracted extract(InputStream content, Path staged) throws IOException {
		long budget = this.maxBytes;
		int entries = 0;
		byte[] manifest = null;
		Map<String, String> files = new HashMap<>();
		try (ZipInputStream zip = new ZipInputStream(content)) {
			ZipEntry entry;
			while ((entry = zip.getNextEntry()) != null) {
				if (++entries > this.maxEntries) {
					throw InvalidInputException.field("file", "The archive holds more than " + this.maxEntries
							+ " entries (lantern.models.max-archive-entries)");
				}
				String entryName = entry.getName();
				if (entry.isDirectory()) {
					checkDirectory(entryName);
					continue;
				}
				LimitedOutput out;
				if (entryName.equals(ArchiveManifest.MANIFEST)) {
					if (manifest != null) {
						throw foreign("it holds two manifests");
					}
					ByteArrayOutputStream buffer = new ByteArrayOutputStream();
					out = new LimitedOutput(buffer, Math.min(budget, MAX_MANIFEST_BYTES), null);
					zip.transferTo(out);
					manifest = buffer.toByteArray();
				}
				else {
					String fileName = fileName(entryName);
					if (files.containsKey(fileName)) {
						throw foreign("it holds " + entryName + " twice");
					}
					MessageDigest digest = sha256();
					try (OutputStream file = Files.newOutputStream(staged.resolve(fileName))) {
						out = new LimitedOutput(new DigestOutputStream(file, digest), budget, fileName);
						zip.transferTo(out);
					}
					files.put(fileName, out.written + ":" + HexFormat.of().formatHex(digest.digest()));
				}
				budget -= out.written;
			}
		}
		catch (ZipException ex) {
			throw InvalidInputException.field("file", "The upload is not a valid zip archive: " + ex.getMessage());
		}
		if (manifest == null) {
			throw foreign("it has no " + ArchiveManifest.MANIFEST);
		}
		return new Extracted(manifest, files);
	}

	private static void checkDirectory(String entryName) {
		if (!entryName.equals(ArchiveManifest.FILES)) {
			fileName(entryName.substring(0, entryName.length() - 1));
		}
	}

	/** The file name of an entry under {@code files/}; anything else is refused. */
	private static String fileName(String entryName) {
		if (entryName.startsWith("/") || entryName.contains("\\") || entryName.contains("..")) {
			throw InvalidInputException.field("file",
					"The archive entry '" + entryName + "' points outside the archive; refused");
		}
		if (!entryName.startsWith(ArchiveManifest.FILES)) {
			throw foreign("it holds '" + entryName + "' outside files/");
		}
		String name = entryName.substring(ArchiveManifest.FILES.length());
		if (!ModelRegistry.FILE_NAME.matcher(name).matches()) {
			throw foreign("it holds '" + entryName + "', not a plain file name under files/");
		}
		return name;
	}

	static LanternException foreign(String why) {
		return InvalidInputException.field("file", "Not a Lantern model archive: " + why);
	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What an archive held.
	 *
	 * @param manifest the manifest's bytes
	 * @param files the files written to the staging directory, each as
	 * {@code size:sha256}
	 */
	record Extracted(byte[] manifest, Map<String, String> files) {

	}

	/** Counts bytes and refuses to write past a limit (an archive bomb stops here). */
	private final class LimitedOutput extends OutputStream {

		private final OutputStream out;

		private final long limit;

		private final String file;

		private long written;

		LimitedOutput(OutputStream out, long limit, String file) {
			this.out = out;
			this.limit = limit;
			this.file = file;
		}

		@Override
		public void write(int b) throws IOException {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			if (this.written + length > this.limit) {
				throw (this.file != null)
						? new TooLargeException(
								"The archive uncompresses to more than " + (ArchiveExtractor.this.maxBytes >> 20)
										+ " MB (lantern.models.max-archive-size); stopped at " + this.file)
						: foreign(ArchiveManifest.MANIFEST + " is larger than " + MAX_MANIFEST_BYTES + " bytes");
			}
			this.out.write(bytes, offset, length);
			this.written += length;
		}

		@Override
		public void flush() throws IOException {
			this.out.flush();
		}

	}

}
