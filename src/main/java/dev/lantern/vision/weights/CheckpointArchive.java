package dev.lantern.vision.weights;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.TooLargeException;

/**
 * The zip of a {@code torch.save} checkpoint: one top-level folder holding
 * {@code data.pkl}, {@code data/<key>} per storage and version entries. Opening checks
 * the declared entry count before the zip's directory is loaded, then every entry name
 * (plain relative segments in one folder, no {@code ..}, no absolute or drive paths, no
 * duplicates). Nothing is ever extracted to disk.
 */
final class CheckpointArchive implements Closeable {

	/** Entries beyond the storages: data.pkl, version, byteorder, .data/version, ... */
	static final int METADATA_ENTRIES = 16;

	private static final Pattern SEGMENT = Pattern.compile("[0-9A-Za-z_.\\-]{1,200}");

	private final ZipFile zip;

	private final Map<String, ZipEntry> entries;

	private final String source;

	private CheckpointArchive(ZipFile zip, Map<String, ZipEntry> entries, String source) {
		this.zip = zip;
		this.entries = entries;
		this.source = source;
	}

	static CheckpointArchive open(Path file, WeightsProperties limits, String source) throws IOException {
		int maxEntries = limits.maxTensors() + METADATA_ENTRIES;
		ZipDirectory.check(file, maxEntries, source);
		ZipFile zip;
		try {
			zip = new ZipFile(file.toFile());
		}
		catch (ZipException ex) {
			throw new InvalidInputException(source + ": not a readable zip archive, so not a torch.save checkpoint");
		}
		try {
			return new CheckpointArchive(zip, entries(zip, maxEntries, source), source);
		}
		catch (RuntimeException ex) {
			zip.close();
			throw ex;
		}
	}

	/** The pickle, at most {@code max-metadata-size} bytes. */
	byte[] pickle(WeightsProperties limits) throws IOException {
		ZipEntry entry = this.entries.get("data.pkl");
		if (entry == null) {
			throw new InvalidInputException(
					this.source + ": the archive has no data.pkl, so it is not a torch.save checkpoint");
		}
		long limit = limits.maxMetadataSize().toBytes();
		byte[] pickle = readAtMost(entry, limit);
		if (pickle == null) {
			throw new TooLargeException(this.source + ": data.pkl is larger than " + limit + " bytes ("
					+ WeightsProperties.PREFIX + "max-metadata-size)");
		}
		return pickle;
	}

	/**
	 * The storages' byte order: entry {@code byteorder} (PyTorch 2.1 and later), else
	 * little.
	 */
	ByteOrder byteOrder() throws IOException {
		ZipEntry entry = this.entries.get("byteorder");
		if (entry == null) {
			return ByteOrder.LITTLE_ENDIAN;
		}
		byte[] content = readAtMost(entry, 16);
		String order = (content != null) ? new String(content, StandardCharsets.US_ASCII).strip() : "";
		return switch (order) {
			case "little" -> ByteOrder.LITTLE_ENDIAN;
			case "big" -> ByteOrder.BIG_ENDIAN;
			default -> throw new InvalidInputException(this.source + ": entry 'byteorder' does not say little or big");
		};
	}

	/** The entry of a storage, or null. */
	ZipEntry storage(String key) {
		return this.entries.get("data/" + key);
	}

	InputStream open(ZipEntry entry) throws IOException {
		return this.zip.getInputStream(entry);
	}

	@Override
	public void close() throws IOException {
		this.zip.close();
	}

	/** The bytes of an entry, or null when it holds more than {@code limit}. */
	private byte[] readAtMost(ZipEntry entry, long limit) throws IOException {
		if (entry.getSize() > limit) {
			return null;
		}
		try (InputStream in = this.zip.getInputStream(entry)) {
			byte[] bytes = in.readNBytes((int) limit + 1);
			return (bytes.length > limit) ? null : bytes;
		}
	}

	/** The entries by their name below the top-level folder. */
	private static Map<String, ZipEntry> entries(ZipFile zip, int maxEntries, String source) {
		Map<String, ZipEntry> entries = new LinkedHashMap<>();
		String prefix = null;
		Enumeration<? extends ZipEntry> all = zip.entries();
		while (all.hasMoreElements()) {
			ZipEntry entry = all.nextElement();
			if (entries.size() >= maxEntries) {
				throw new TooLargeException(source + ": the checkpoint has more than " + maxEntries + " entries ("
						+ WeightsProperties.PREFIX + "max-tensors, plus " + METADATA_ENTRIES + ")");
			}
			String name = entry.getName();
			String[] segments = name.split("/", -1);
			for (String segment : segments) {
				if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
					throw new InvalidInputException(source + ": the checkpoint has an entry named '"
							+ Printable.of(name) + "', which is not a plain relative path inside the archive");
				}
			}
			if (segments.length < 2) {
				throw new InvalidInputException(
						source + ": entry '" + Printable.of(name) + "' is not inside the checkpoint's folder");
			}
			if (prefix == null) {
				prefix = segments[0];
			}
			else if (!prefix.equals(segments[0])) {
				throw new InvalidInputException(source + ": entries '" + Printable.of(prefix) + "/...' and '"
						+ Printable.of(name) + "' are in different folders; a checkpoint has one");
			}
			if (entries.put(name.substring(prefix.length() + 1), entry) != null) {
				throw new InvalidInputException(
						source + ": the checkpoint has two entries named '" + Printable.of(name) + "'");
			}
		}
		if (prefix == null) {
			throw new InvalidInputException(source + ": the archive is empty");
		}
		return entries;
	}

}
