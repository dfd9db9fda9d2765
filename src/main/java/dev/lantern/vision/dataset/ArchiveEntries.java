package dev.lantern.vision.dataset;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.LanternException;
import dev.lantern.system.errors.TooLargeException;
import dev.lantern.system.errors.UnsupportedFormatException;

/**
 * Walks the entries of a zip, tar or tar.gz archive on disk with the limits that make
 * extraction safe: entry names that would leave the target directory (zip slip), symbolic
 * and hard links, more entries than allowed, and more expanded bytes than allowed
 * (counted while reading, since headers can lie) are refused with a problem naming the
 * entry.
 */
final class ArchiveEntries {

	private final ArchiveLimits limits;

	private long entries;

	private long bytes;

	ArchiveEntries(ArchiveLimits limits) {
		this.limits = limits;
	}

	/** What to do with each regular file of the archive. */
	@FunctionalInterface
	interface EntryHandler {

		/**
		 * @param name the entry's normalized relative path
		 * @param data the entry's bytes
		 */
		void accept(String name, byte[] data) throws IOException;

	}

	/**
	 * Reads every file entry of an archive.
	 * @param archive the spooled upload
	 * @param filename the upload's name, for messages
	 */
	void forEach(Path archive, String filename, EntryHandler handler) throws IOException {
		Format format = Format.detect(archive);
		switch (format) {
			case ZIP -> zip(archive, filename, handler);
			case TAR -> {
				try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
					tar(in, filename, handler);
				}
			}
			case TAR_GZ -> {
				try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
					tar(gunzip(in, filename), filename, handler);
				}
			}
			default -> throw new UnsupportedFormatException("'" + filename
					+ "' is not a zip, tar or tar.gz archive (recognized by its first bytes, not its name)");
		}
	}

	private static InputStream gunzip(InputStream in, String filename) {
		try {
			return new GzipCompressorInputStream(in);
		}
		catch (IOException ex) {
			throw damaged(filename, null, ex);
		}
	}

	private void zip(Path archive, String filename, EntryHandler handler) throws IOException {
		ZipFile opened;
		try {
			opened = ZipFile.builder().setPath(archive).get();
		}
		catch (IOException ex) {
			throw damaged(filename, null, ex);
		}
		try (ZipFile zip = opened) {
			Enumeration<ZipArchiveEntry> all = zip.getEntriesInPhysicalOrder();
			while (all.hasMoreElements()) {
				ZipArchiveEntry entry = all.nextElement();
				String name = checkName(entry.getName());
				if (entry.isUnixSymlink()) {
					throw refused(entry.getName(), "is a symbolic link; archives may hold only files and folders");
				}
				if (entry.isDirectory()) {
					continue;
				}
				count(entry.getName());
				if (!zip.canReadEntryData(entry)) {
					throw new InvalidInputException("Entry '" + entry.getName()
							+ "' uses a compression method or encryption that cannot be read")
						.with("entry", entry.getName());
				}
				byte[] data;
				try (InputStream in = zip.getInputStream(entry)) {
					data = read(filename, entry.getName(), in);
				}
				catch (IOException ex) {
					throw damaged(filename, entry.getName(), ex);
				}
				handler.accept(name, data);
			}
		}
	}

	private void tar(InputStream in, String filename, EntryHandler handler) throws IOException {
		try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
			TarArchiveEntry entry;
			String previous = null;
			while ((entry = next(tar, filename, previous)) != null) {
				previous = entry.getName();
				String name = checkName(entry.getName());
				if (entry.isSymbolicLink() || entry.isLink()) {
					throw refused(entry.getName(), "is a link; archives may hold only files and folders");
				}
				if (entry.isDirectory() || entry.isGlobalPaxHeader() || entry.isPaxHeader()) {
					continue;
				}
				if (!entry.isFile()) {
					throw refused(entry.getName(), "is a device, pipe or other special file");
				}
				count(entry.getName());
				handler.accept(name, read(filename, entry.getName(), tar));
			}
		}
	}

	/** The next tar entry; a header cut short or damaged names the archive. */
	private static TarArchiveEntry next(TarArchiveInputStream tar, String filename, String previous) {
		try {
			return tar.getNextEntry();
		}
		catch (IOException | IllegalArgumentException ex) {
			throw damaged(filename, previous, ex);
		}
	}

	/**
	 * The archive ends before its data does, or its data is damaged (a cut-off upload, a
	 * corrupt gzip stream): 400 naming the archive and, when known, the entry.
	 * @param entry the entry being read, or the last one read, or null
	 */
	private static LanternException damaged(String filename, String entry, Exception cause) {
		String where = (entry != null) ? " (at entry '" + entry + "')" : "";
		String reason = (cause.getMessage() != null && !cause.getMessage().isBlank()) ? ": " + cause.getMessage() : "";
		return new InvalidInputException("'" + filename + "' is truncated or damaged" + where + reason, cause)
			.with("file", filename);
	}

	/** The entry's name, normalized; refuses names that would leave the target. */
	static String checkName(String raw) {
		String name = raw.replace('\\', '/');
		if (name.startsWith("/") || name.matches("^[A-Za-z]:.*") || name.indexOf('\0') >= 0) {
			throw refused(raw, "has an absolute path; entries must stay inside the dataset (zip slip)");
		}
		Path normalized = Path.of("target").resolve(name).normalize();
		if (!normalized.startsWith(Path.of("target")) || name.contains("../") || name.equals("..")
				|| name.endsWith("/..")) {
			throw refused(raw, "points outside the archive's folder; entries must stay inside the dataset (zip slip)");
		}
		return Path.of("target").relativize(normalized).toString().replace('\\', '/');
	}

	private void count(String name) {
		this.entries++;
		if (this.entries > this.limits.maxEntries()) {
			throw new TooLargeException("The archive holds more than " + this.limits.maxEntries()
					+ " files (lantern.vision.max-archive-entries); refused at entry '" + name + "'")
				.with("entry", name);
		}
	}

	private byte[] read(String filename, String name, InputStream in) {
		long maxEntry = this.limits.maxEntryBytes();
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		byte[] buffer = new byte[64 * 1024];
		int n;
		long size = 0;
		while ((n = readSome(filename, name, in, buffer)) != -1) {
			size += n;
			this.bytes += n;
			if (size > maxEntry) {
				throw new TooLargeException("Entry '" + name + "' expands to more than " + maxEntry
						+ " bytes (lantern.vision.max-image-bytes)")
					.with("entry", name);
			}
			if (this.bytes > this.limits.maxTotalBytes()) {
				throw new TooLargeException("The archive expands to more than " + this.limits.maxTotalBytes()
						+ " bytes (lantern.vision.max-archive-bytes); refused at entry '" + name + "'")
					.with("entry", name);
			}
			out.write(buffer, 0, n);
		}
		return out.toByteArray();
	}

	private static int readSome(String filename, String name, InputStream in, byte[] buffer) {
		try {
			return in.read(buffer);
		}
		catch (IOException ex) {
			throw damaged(filename, name, ex);
		}
	}

	private static LanternException refused(String entry, String reason) {
		return new InvalidInputException("Entry '" + entry + "' " + reason).with("entry", entry);
	}

	/** Archive formats, told apart by their first bytes. */
	enum Format {

		ZIP, TAR, TAR_GZ, UNKNOWN;

		static Format detect(Path file) throws IOException {
			byte[] head = new byte[512];
			int read;
			try (InputStream in = Files.newInputStream(file)) {
				read = in.readNBytes(head, 0, head.length);
			}
			if (read >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5)) {
				return ZIP;
			}
			if (read >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
				return TAR_GZ;
			}
			if (read >= 262 && head[257] == 'u' && head[258] == 's' && head[259] == 't' && head[260] == 'a'
					&& head[261] == 'r') {
				return TAR;
			}
			return UNKNOWN;
		}

	}

	/**
	 * The limits of one extraction.
	 *
	 * @param maxEntries the most files
	 * @param maxTotalBytes the most expanded bytes in all
	 * @param maxEntryBytes the most expanded bytes of one file
	 */
	record ArchiveLimits(long maxEntries, long maxTotalBytes, long maxEntryBytes) {

	}

}
