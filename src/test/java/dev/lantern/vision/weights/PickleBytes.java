package dev.lantern.vision.weights;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes pickle opcodes by hand, for hostile and hand-made checkpoints in tests.
 */
final class PickleBytes {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	static PickleBytes protocol2() {
		PickleBytes pickle = new PickleBytes();
		pickle.op(0x80).op(2);
		return pickle;
	}

	PickleBytes op(int opcode) {
		this.out.write(opcode);
		return this;
	}

	/** GLOBAL: {@code c<module>\n<name>\n}. */
	PickleBytes global(String module, String name) {
		op('c');
		this.out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
		return this;
	}

	/** The two strings, then STACK_GLOBAL (protocol 4). */
	PickleBytes stackGlobal(String module, String name) {
		return string(module).string(name).op(0x93);
	}

	/** BINUNICODE. */
	PickleBytes string(String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		op('X');
		this.out.writeBytes(le(bytes.length, 4));
		this.out.writeBytes(bytes);
		return this;
	}

	/** BININT. */
	PickleBytes integer(int value) {
		op('J');
		this.out.writeBytes(le(value, 4));
		return this;
	}

	/** LONG1 of 8 bytes. */
	PickleBytes longValue(long value) {
		op(0x8a).op(8);
		this.out.writeBytes(le(value, 8));
		return this;
	}

	PickleBytes mark() {
		return op('(');
	}

	PickleBytes tuple() {
		return op('t');
	}

	PickleBytes emptyTuple() {
		return op(')');
	}

	PickleBytes emptyDict() {
		return op('}');
	}

	PickleBytes reduce() {
		return op('R');
	}

	PickleBytes setItems() {
		return op('u');
	}

	PickleBytes setItem() {
		return op('s');
	}

	PickleBytes binPersId() {
		return op('Q');
	}

	PickleBytes newFalse() {
		return op(0x89);
	}

	/** LONG_BINPUT at the index. */
	PickleBytes put(int index) {
		op('r');
		this.out.writeBytes(le(index, 4));
		return this;
	}

	PickleBytes raw(byte[] bytes) {
		this.out.writeBytes(bytes);
		return this;
	}

	PickleBytes stop() {
		return op('.');
	}

	/**
	 * {@code _rebuild_tensor_v2(('storage', torch.<type>, key, 'cpu', numel), offset,
	 * shape, stride, False, OrderedDict())}, as torch.save writes it.
	 */
	PickleBytes tensor(String storageType, String key, long storageElements, long offset, long[] shape, long[] stride) {
		global("torch._utils", "_rebuild_tensor_v2");
		mark();
		mark().string("storage").global("torch", storageType).string(key).string("cpu").longValue(storageElements);
		tuple().binPersId();
		longValue(offset);
		mark();
		for (long size : shape) {
			longValue(size);
		}
		tuple();
		mark();
		for (long step : stride) {
			longValue(step);
		}
		tuple();
		newFalse();
		global("collections", "OrderedDict").emptyTuple().reduce();
		tuple();
		return reduce();
	}

	byte[] bytes() {
		return this.out.toByteArray();
	}

	static byte[] le(long value, int bytes) {
		ByteBuffer buffer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
		byte[] result = new byte[bytes];
		System.arraycopy(buffer.array(), 0, result, 0, bytes);
		return result;
	}

}
