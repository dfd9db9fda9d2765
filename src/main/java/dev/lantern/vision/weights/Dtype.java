package dev.lantern.vision.weights;

import java.nio.ByteBuffer;

import org.bytedeco.javacpp.indexer.Bfloat16Indexer;
import org.bytedeco.javacpp.indexer.HalfIndexer;

/**
 * The element types a weights file may store, each read into float. Widening F16 and BF16
 * to float is exact; F64 and the integer types are rounded to the nearest float (integers
 * appear only as BatchNorm's {@code num_batches_tracked}).
 */
public enum Dtype {

	/** IEEE single precision. */
	F32(4),

	/** IEEE half precision. */
	F16(2),

	/** bfloat16: the upper 16 bits of a float. */
	BF16(2),

	/** IEEE double precision. */
	F64(8),

	/** 64-bit signed integer. */
	I64(8),

	/** 32-bit signed integer. */
	I32(4);

	private final int bytes;

	Dtype(int bytes) {
		this.bytes = bytes;
	}

	/** Bytes per element. */
	public int bytes() {
		return this.bytes;
	}

	/** Whether values of this type are floating point (and so must be finite). */
	public boolean floating() {
		return this != I64 && this != I32;
	}

	/** Reads one element at the buffer's position, in the buffer's byte order. */
	float read(ByteBuffer buffer) {
		return switch (this) {
			case F32 -> buffer.getFloat();
			case F16 -> HalfIndexer.toFloat(buffer.getShort() & 0xffff);
			case BF16 -> Bfloat16Indexer.toFloat(buffer.getShort() & 0xffff);
			case F64 -> (float) buffer.getDouble();
			case I64 -> buffer.getLong();
			case I32 -> buffer.getInt();
		};
	}

}
