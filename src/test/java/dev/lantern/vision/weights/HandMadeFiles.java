package dev.lantern.vision.weights;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes checkpoints and safetensors files by hand, for tests: well-formed ones with
 * chosen contents, and hostile ones.
 */
final class HandMadeFiles {

	private HandMadeFiles() {
	}

	/**
	 * A torch.save-style zip: the pickle as {@code archive/data.pkl}, then the entries.
	 */
	static Path checkpoint(Path file, byte[] pickle, Map<String, byte[]> storages) throws IOException {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		entries.put("archive/data.pkl", pickle);
		storages.forEach((key, data) -> entries.put("archive/data/" + key, data));
		entries.put("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
		return zip(file, entries);
	}

	/** A zip of stored (uncompressed) entries with exactly these names. */
	static Path zip(Path file, Map<String, byte[]> entries) throws IOException {
		try (OutputStream stream = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(stream)) {
			for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
				ZipEntry zipEntry = new ZipEntry(entry.getKey());
				zipEntry.setMethod(ZipEntry.STORED);
				zipEntry.setSize(entry.getValue().length);
				CRC32 crc = new CRC32();
				crc.update(entry.getValue());
				zipEntry.setCrc(crc.getValue());
				zip.putNextEntry(zipEntry);
				zip.write(entry.getValue());
				zip.closeEntry();
			}
		}
		return file;
	}

	/** Little-endian float32 values. */
	static byte[] floats(float... values) {
		ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
		for (float value : values) {
			buffer.putFloat(value);
		}
		return buffer.array();
	}

	/** A safetensors file: the 8-byte header length, the header as given, the data. */
	static Path safetensors(Path file, String header, byte[] data) throws IOException {
		byte[] json = header.getBytes(StandardCharsets.UTF_8);
		return safetensors(file, json.length, json, data);
	}

	/**
	 * A float32 safetensors file of the tensors, as the safetensors library writes it.
	 */
	static Path safetensors(Path file, StateDict weights) throws IOException {
		StringBuilder header = new StringBuilder("{");
		java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
		for (Tensor tensor : weights.tensors().values()) {
			long begin = data.size();
			data.writeBytes(floats(tensor.values()));
			header.append((header.length() > 1) ? "," : "")
				.append('"')
				.append(tensor.name())
				.append("\":{\"dtype\":\"F32\",\"shape\":")
				.append(java.util.Arrays.toString(tensor.shape()).replace(" ", ""))
				.append(",\"data_offsets\":[")
				.append(begin)
				.append(',')
				.append(data.size())
				.append("]}");
		}
		return safetensors(file, header.append('}').toString(), data.toByteArray());
	}

	/** The same with a header length that need not be the header's. */
	static Path safetensors(Path file, long claimedLength, byte[] header, byte[] data) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
		buffer.putLong(claimedLength).put(header).put(data);
		Files.write(file, buffer.array());
		return file;
	}

}
