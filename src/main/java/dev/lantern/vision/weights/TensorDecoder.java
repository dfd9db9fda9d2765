package dev.lantern.vision.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import dev.lantern.system.errors.InvalidInputException;

/**
 * Decodes tensor data into floats in chunks (never the whole tensor's bytes at once) and
 * refuses non-finite values, naming the tensor and the first bad element.
 */
final class TensorDecoder {

	private static final int CHUNK = 1 << 16;

	private TensorDecoder() {
	}

	/**
	 * Reads {@code count} consecutive elements.
	 * @param in positioned at the first element
	 * @param source the file, for messages
	 */
	static float[] read(InputStream in, Dtype dtype, ByteOrder order, int count, String source, String tensor)
			throws IOException {
		float[] values = new float[count];
		int chunkElements = Math.max(1, CHUNK / dtype.bytes());
		byte[] chunk = new byte[Math.min(count, chunkElements) * dtype.bytes()];
		int done = 0;
		while (done < count) {
			int elements = Math.min(chunkElements, count - done);
			int length = elements * dtype.bytes();
			if (in.readNBytes(chunk, 0, length) < length) {
				throw new InvalidInputException(
						source + ": the data of tensor '" + Printable.of(tensor) + "' ends early");
			}
			ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, length).order(order);
			for (int i = 0; i < elements; i++) {
				values[done + i] = dtype.read(buffer);
			}
			done += elements;
		}
		checkFinite(values, dtype, source, tensor);
		return values;
	}

	/** Gathers a strided view out of the bytes of a storage region. */
	static float[] gather(byte[] region, Dtype dtype, ByteOrder order, long[] shape, long[] stride, int count,
			String source, String tensor) {
		ByteBuffer buffer = ByteBuffer.wrap(region).order(order);
		float[] values = new float[count];
		int rank = shape.length;
		long[] index = new long[rank];
		for (int i = 0; i < count; i++) {
			long position = 0;
			for (int d = 0; d < rank; d++) {
				position += index[d] * stride[d];
			}
			buffer.position((int) (position * dtype.bytes()));
			values[i] = dtype.read(buffer);
			for (int d = rank - 1; d >= 0; d--) {
				if (++index[d] < shape[d]) {
					break;
				}
				index[d] = 0;
			}
		}
		checkFinite(values, dtype, source, tensor);
		return values;
	}

	private static void checkFinite(float[] values, Dtype dtype, String source, String tensor) {
		if (!dtype.floating()) {
			return;
		}
		for (int i = 0; i < values.length; i++) {
			if (!Float.isFinite(values[i])) {
				throw new InvalidInputException(source + ": tensor '" + Printable.of(tensor)
						+ "' has a non-finite value (" + values[i] + ") at element " + i);
			}
		}
	}

}
