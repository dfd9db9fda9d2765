package dev.lantern.vision.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import dev.lantern.system.errors.TooLargeException;

/**
 * Reads a zip's end-of-central-directory records (the plain one and ZIP64's, which
 * torch.save always writes) to bound the number of entries and the size of the central
 * directory before {@link java.util.zip.ZipFile} loads the directory into memory.
 */
final class ZipDirectory {

	private static final int END = 0x06054b50;

	private static final int ZIP64_LOCATOR = 0x07064b50;

	private static final int ZIP64_END = 0x06064b50;

	/** Bytes of the central directory allowed per entry (torch.save: about 60). */
	static final long BYTES_PER_ENTRY = 1024;

	private ZipDirectory() {
	}

	/**
	 * Refuses a zip that declares more entries than allowed, or a larger central
	 * directory than that many entries need. A file without an end record is left to the
	 * zip reader to refuse.
	 */
	static void check(Path file, long maxEntries, String source) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			long size = channel.size();
			int tail = (int) Math.min(size, 22 + 0xffff);
			ByteBuffer buffer = ByteBuffer.allocate(tail).order(ByteOrder.LITTLE_ENDIAN);
			channel.read(buffer, size - tail);
			int end = -1;
			for (int i = tail - 22; i >= 0; i--) {
				if (buffer.getInt(i) == END) {
					end = i;
					break;
				}
			}
			if (end < 0) {
				return;
			}
			long entries = buffer.getShort(end + 10) & 0xffffL;
			long directory = buffer.getInt(end + 12) & 0xffffffffL;
			long endPosition = size - tail + end;
			if (endPosition >= 20) {
				ByteBuffer locator = read(channel, endPosition - 20, 20);
				if (locator.getInt(0) == ZIP64_LOCATOR) {
					long zip64End = locator.getLong(8);
					if (zip64End >= 0 && zip64End <= size - 56) {
						ByteBuffer record = read(channel, zip64End, 56);
						if (record.getInt(0) == ZIP64_END) {
							entries = Math.max(entries, record.getLong(32));
							directory = Math.max(directory, record.getLong(40));
						}
					}
				}
			}
			if (entries < 0 || entries > maxEntries) {
				throw new TooLargeException(source + ": the zip declares " + Long.toUnsignedString(entries)
						+ " entries, more than " + maxEntries + " (" + WeightsProperties.PREFIX + "max-tensors, plus "
						+ CheckpointArchive.METADATA_ENTRIES + ")");
			}
			if (directory < 0 || directory > maxEntries * BYTES_PER_ENTRY) {
				throw new TooLargeException(source + ": the zip's central directory claims "
						+ Long.toUnsignedString(directory) + " bytes, more than " + maxEntries + " entries need");
			}
		}
	}

	private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
		channel.read(buffer, position);
		return buffer;
	}

}
