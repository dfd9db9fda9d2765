package dev.lantern.vision.weights;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.LanternException;
import dev.lantern.system.errors.TooLargeException;

/**
 * Reads the pickle of a {@code torch.save} checkpoint ({@code data.pkl}) with Lantern's
 * own allow-list. razorvine's {@link Unpickler} parses the opcodes; this class decides
 * what they may do:
 * <ul>
 * <li>Only the globals a state dict needs resolve: {@code collections.OrderedDict},
 * {@code torch._utils._rebuild_tensor_v2}, {@code torch._utils._rebuild_parameter} and
 * the storage types of {@link #STORAGES}. Any other global ({@code posix.system},
 * {@code builtins.eval}, {@code subprocess.Popen}, a class) is refused when the pickle
 * names it, before anything could call it; the library's own registry of constructors is
 * never consulted.</li>
 * <li>Calls ({@code REDUCE}) reach only those three functions, implemented here: they
 * build dictionaries and tensor descriptions, nothing else. Object-building opcodes a
 * state dict does not use ({@code INST}, {@code OBJ}, {@code NEWOBJ}, {@code NEWOBJ_EX},
 * extensions, sets, out-of-band buffers) are refused.</li>
 * <li>Limits are checked as the pickle runs: opcodes executed, memo entries, lengths
 * claimed by strings and bytes against what remains, dictionary keys only strings and
 * numbers (so nothing is hashed recursively), and the nesting depth of the result, walked
 * without recursion.</li>
 * </ul>
 * Storages ({@code BINPERSID}) become {@link PickledTensor.Storage} descriptions; no
 * tensor data is read here.
 */
final class StateDictUnpickler extends Unpickler {

	/** The globals a state dict may name, besides the storage types. */
	static final List<String> ALLOWED_GLOBALS = List.of("collections.OrderedDict", "torch._utils._rebuild_tensor_v2",
			"torch._utils._rebuild_parameter");

	/** The storage types Lantern reads, by their name in module {@code torch}. */
	static final Map<String, Dtype> STORAGES = Map.of("FloatStorage", Dtype.F32, "HalfStorage", Dtype.F16,
			"BFloat16Storage", Dtype.BF16, "DoubleStorage", Dtype.F64, "LongStorage", Dtype.I64, "IntStorage",
			Dtype.I32);

	private static final Pattern STORAGE_KEY = Pattern.compile("[0-9A-Za-z_]{1,64}");

	/** The largest tensor rank accepted: ResNet weights have at most 4 dimensions. */
	static final int MAX_RANK = 8;

	private final WeightsProperties limits;

	private final String source;

	private final Map<String, PickledTensor.Storage> storages = new LinkedHashMap<>();

	private long operations;

	private StateDictUnpickler(WeightsProperties limits, String source) {
		this.limits = limits;
		this.source = source;
	}

	/**
	 * Unpickles a checkpoint's {@code data.pkl}.
	 * @param pickle its bytes (already bounded by {@code max-metadata-size})
	 * @param source the file, for messages
	 * @param limits the limits
	 * @return the root value: maps, lists, tuples ({@code Object[]}), strings, numbers
	 * and {@link PickledTensor}s
	 * @throws InvalidInputException for a refused global or opcode, or a malformed pickle
	 * @throws TooLargeException past a limit
	 */
	static Object load(byte[] pickle, String source, WeightsProperties limits) {
		StateDictUnpickler unpickler = new StateDictUnpickler(limits, source);
		try {
			Object root = unpickler.loads(pickle);
			checkDepth(root, limits.maxPickleDepth(), source);
			return root;
		}
		catch (LanternException ex) {
			throw ex;
		}
		catch (IOException | RuntimeException ex) {
			throw new InvalidInputException(source + ": data.pkl is not a readable pickle (" + describe(ex) + ")", ex);
		}
		finally {
			unpickler.close();
		}
	}

	@Override
	protected Object dispatch(short key) throws PickleException, IOException {
		if (++this.operations > this.limits.maxPickleOperations()) {
			throw new TooLargeException(this.source + ": the pickle runs more than " + this.limits.maxPickleOperations()
					+ " operations (" + WeightsProperties.PREFIX + "max-pickle-operations)");
		}
		switch (key) {
			case Opcodes.GLOBAL -> {
				String module = PickleUtils.readline(this.input);
				String name = PickleUtils.readline(this.input);
				this.stack.add(resolve(module, name));
			}
			case Opcodes.STACK_GLOBAL -> {
				Object name = this.stack.pop();
				Object module = this.stack.pop();
				if (!(module instanceof String moduleName) || !(name instanceof String globalName)) {
					throw invalid("STACK_GLOBAL names a global with values that are not strings");
				}
				this.stack.add(resolve(moduleName, globalName));
			}
			case Opcodes.REDUCE -> reduce();
			case Opcodes.BUILD -> build();
			case Opcodes.BINPERSID -> this.stack.add(persistentLoad(this.stack.pop()));
			case Opcodes.EMPTY_DICT -> this.stack.add(new LinkedHashMap<>());
			case Opcodes.DICT -> {
				List<Object> items = this.stack.pop_all_since_marker();
				Map<Object, Object> dict = new LinkedHashMap<>();
				putPairs(dict, items);
				this.stack.add(dict);
			}
			case Opcodes.SETITEM -> {
				Object value = this.stack.pop();
				Object dictKey = this.stack.pop();
				target().put(checkKey(dictKey), value);
			}
			case Opcodes.SETITEMS -> {
				List<Object> items = this.stack.pop_all_since_marker();
				putPairs(target(), items);
			}
			case Opcodes.PUT, Opcodes.BINPUT, Opcodes.LONG_BINPUT, Opcodes.MEMOIZE -> {
				super.dispatch(key);
				if (this.memo.size() > this.limits.maxMemoEntries()) {
					throw new TooLargeException(
							this.source + ": the pickle keeps more than " + this.limits.maxMemoEntries()
									+ " values in its memo (" + WeightsProperties.PREFIX + "max-memo-entries)");
				}
			}
			case Opcodes.BINSTRING, Opcodes.BINBYTES, Opcodes.BINUNICODE, Opcodes.LONG4 -> {
				checkLength(4);
				return super.dispatch(key);
			}
			case Opcodes.BINUNICODE8, Opcodes.BINBYTES8 -> {
				checkLength(8);
				return super.dispatch(key);
			}
			case Opcodes.MARK, Opcodes.STOP, Opcodes.POP, Opcodes.POP_MARK, Opcodes.DUP, Opcodes.FLOAT, Opcodes.INT,
					Opcodes.BININT, Opcodes.BININT1, Opcodes.BININT2, Opcodes.LONG1, Opcodes.NONE, Opcodes.STRING,
					Opcodes.SHORT_BINSTRING, Opcodes.UNICODE, Opcodes.SHORT_BINUNICODE, Opcodes.SHORT_BINBYTES,
					Opcodes.APPEND, Opcodes.APPENDS, Opcodes.GET, Opcodes.BINGET, Opcodes.LONG_BINGET, Opcodes.LIST,
					Opcodes.EMPTY_LIST, Opcodes.TUPLE, Opcodes.EMPTY_TUPLE, Opcodes.TUPLE1, Opcodes.TUPLE2,
					Opcodes.TUPLE3, Opcodes.BINFLOAT, Opcodes.PROTO, Opcodes.NEWTRUE, Opcodes.NEWFALSE,
					Opcodes.FRAME -> {
				return super.dispatch(key);
			}
			default -> throw invalid("the pickle uses opcode " + key + ", which a state dict does not need");
		}
		return NO_RETURN_VALUE;
	}

	/**
	 * A storage reference: {@code ('storage', torch.FloatStorage, key, location, size)}.
	 */
	@Override
	protected Object persistentLoad(Object pid) {
		if (!(pid instanceof Object[] id) || id.length != 5 || !"storage".equals(id[0])
				|| !(id[1] instanceof StorageType type) || !(id[2] instanceof String key) || !(id[3] instanceof String)
				|| !(id[4] instanceof Number)) {
			throw invalid("a persistent id is not a storage reference ('storage', type, key, location, size)");
		}
		if (!STORAGE_KEY.matcher(key).matches()) {
			throw invalid("storage key '" + Printable.of(key) + "' is not a plain name");
		}
		long elements = nonNegative(id[4], "the size of storage '" + key + "'");
		if (elements > this.limits.maxTensorElements()) {
			throw new TooLargeException(this.source + ": storage '" + key + "' claims " + elements
					+ " elements, more than " + this.limits.maxTensorElements() + " (" + WeightsProperties.PREFIX
					+ "max-tensor-elements)");
		}
		PickledTensor.Storage storage = new PickledTensor.Storage(type.dtype(), key, elements);
		PickledTensor.Storage known = this.storages.putIfAbsent(key, storage);
		if (known != null && !known.equals(storage)) {
			throw invalid("storage '" + key + "' is declared twice with different types or sizes");
		}
		if (this.storages.size() > this.limits.maxTensors()) {
			throw new TooLargeException(this.source + ": the checkpoint declares more than " + this.limits.maxTensors()
					+ " storages (" + WeightsProperties.PREFIX + "max-tensors)");
		}
		return (known != null) ? known : storage;
	}

	private Object resolve(String module, String name) {
		String global = module + "." + name;
		if (ALLOWED_GLOBALS.contains(global)) {
			return switch (global) {
				case "collections.OrderedDict" -> (Callable) this::orderedDict;
				case "torch._utils._rebuild_tensor_v2" -> (Callable) this::rebuildTensor;
				default -> (Callable) this::rebuildParameter;
			};
		}
		if ("torch".equals(module) && name.endsWith("Storage")) {
			Dtype dtype = STORAGES.get(name);
			if (dtype == null) {
				throw invalid("storage type torch." + Printable.of(name)
						+ " is not supported (Lantern reads float32, float16, bfloat16, float64, int64 and int32 tensors)");
			}
			return new StorageType(dtype, global);
		}
		throw invalid("the pickle refers to the global '" + Printable.of(global)
				+ "', which a state dict does not need; only tensors and dictionaries are read (allowed: "
				+ String.join(", ", ALLOWED_GLOBALS) + ", torch.*Storage)");
	}

	private void reduce() {
		Object arguments = this.stack.pop();
		Object callable = this.stack.pop();
		if (callable instanceof StorageType type) {
			throw invalid("the pickle calls " + type.global() + ", which a state dict never calls");
		}
		if (!(callable instanceof Callable function)) {
			throw invalid("the pickle calls a value that is not a function");
		}
		if (!(arguments instanceof Object[] args)) {
			throw invalid("the pickle calls a function with arguments that are not a tuple");
		}
		this.stack.add(function.call(args));
	}

	/**
	 * {@code BUILD} sets an object's state: a state dict's OrderedDict carries
	 * {@code _metadata} (module versions), which Lantern does not need.
	 */
	private void build() {
		Object state = this.stack.pop();
		Object target = this.stack.peek();
		if (!(target instanceof OrderedDictValue) || (state != null && !(state instanceof Map))) {
			throw invalid("the pickle sets the state of a value that is not an OrderedDict");
		}
	}

	private Object orderedDict(Object[] args) {
		OrderedDictValue dict = new OrderedDictValue();
		if (args.length == 0) {
			return dict;
		}
		if (args.length == 1 && args[0] instanceof List<?> pairs) {
			for (Object pair : pairs) {
				if (!(pair instanceof Object[] entry) || entry.length != 2) {
					throw invalid("OrderedDict is given an item that is not a (key, value) pair");
				}
				dict.put(checkKey(entry[0]), entry[1]);
			}
			return dict;
		}
		throw invalid("OrderedDict is called with unexpected arguments");
	}

	/**
	 * {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad,
	 * backward_hooks[, metadata])}.
	 */
	private Object rebuildTensor(Object[] args) {
		if ((args.length != 6 && args.length != 7) || !(args[0] instanceof PickledTensor.Storage storage)
				|| !(args[2] instanceof Object[] size) || !(args[3] instanceof Object[] stride)
				|| !(args[4] instanceof Boolean) || !(args[5] instanceof Map)
				|| (args.length == 7 && args[6] != null && !(args[6] instanceof Map))) {
			throw invalid("_rebuild_tensor_v2 is called with unexpected arguments");
		}
		if (size.length != stride.length || size.length > MAX_RANK) {
			throw invalid("a tensor has " + size.length + " sizes and " + stride.length + " strides (at most "
					+ MAX_RANK + " dimensions are read)");
		}
		long[] shape = new long[size.length];
		long[] strides = new long[size.length];
		for (int i = 0; i < size.length; i++) {
			shape[i] = nonNegative(size[i], "a tensor size");
			strides[i] = nonNegative(stride[i], "a tensor stride");
		}
		return new PickledTensor(storage, nonNegative(args[1], "a storage offset"), shape, strides);
	}

	/** {@code _rebuild_parameter(data, requires_grad, backward_hooks)}: the data. */
	private Object rebuildParameter(Object[] args) {
		if (args.length != 3 || !(args[0] instanceof PickledTensor tensor) || !(args[1] instanceof Boolean)
				|| !(args[2] instanceof Map)) {
			throw invalid("_rebuild_parameter is called with unexpected arguments");
		}
		return tensor;
	}

	@SuppressWarnings("unchecked")
	private Map<Object, Object> target() {
		Object target = this.stack.peek();
		if (!(target instanceof Map)) {
			throw invalid("the pickle sets an item of a value that is not a dictionary");
		}
		return (Map<Object, Object>) target;
	}

	private void putPairs(Map<Object, Object> dict, List<Object> items) {
		if (items.size() % 2 != 0) {
			throw invalid("a dictionary is given a key without a value");
		}
		for (int i = 0; i < items.size(); i += 2) {
			dict.put(checkKey(items.get(i)), items.get(i + 1));
		}
	}

	/** Dictionary keys are strings or numbers: hashing them never recurses. */
	private Object checkKey(Object key) {
		if (key == null || key instanceof String || key instanceof Number || key instanceof Boolean) {
			return key;
		}
		throw invalid("a dictionary key is not a string or a number");
	}

	/** A length-prefixed value may not claim more bytes than the pickle has left. */
	private void checkLength(int bytes) throws IOException {
		this.input.mark(bytes);
		byte[] prefix = this.input.readNBytes(bytes);
		if (prefix.length < bytes) {
			throw invalid("the pickle ends inside a length");
		}
		long length = 0;
		for (int i = bytes - 1; i >= 0; i--) {
			length = (length << 8) | (prefix[i] & 0xff);
		}
		int remaining = this.input.available();
		if (length < 0 || length > remaining) {
			throw invalid("a value claims " + Long.toUnsignedString(length) + " bytes, but the pickle has only "
					+ remaining + " left");
		}
		this.input.reset();
	}

	private long nonNegative(Object value, String what) {
		long number;
		if (value instanceof Integer || value instanceof Long) {
			number = ((Number) value).longValue();
		}
		else {
			throw invalid(what + " is not an integer");
		}
		if (number < 0) {
			throw invalid(what + " is negative (" + number + ")");
		}
		return number;
	}

	private InvalidInputException invalid(String message) {
		return new InvalidInputException(this.source + ": " + message);
	}

	/**
	 * Refuses results nested deeper than the limit, walking with an explicit stack (no
	 * recursion), each container once.
	 */
	static void checkDepth(Object root, int maxDepth, String source) {
		Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		Deque<Object> values = new ArrayDeque<>();
		Deque<Integer> depths = new ArrayDeque<>();
		values.push(root);
		depths.push(1);
		while (!values.isEmpty()) {
			Object value = values.pop();
			int depth = depths.pop();
			Iterable<?> children = children(value);
			if (children == null || !seen.add(value)) {
				continue;
			}
			if (depth > maxDepth) {
				throw new TooLargeException(source + ": the pickle nests values more than " + maxDepth
						+ " levels deep (" + WeightsProperties.PREFIX + "max-pickle-depth)");
			}
			for (Object child : children) {
				if (children(child) != null) {
					values.push(child);
					depths.push(depth + 1);
				}
			}
		}
	}

	private static Iterable<?> children(Object value) {
		if (value instanceof Map<?, ?> map) {
			return () -> map.entrySet()
				.stream()
				.flatMap((entry) -> java.util.stream.Stream.of(entry.getKey(), entry.getValue()))
				.iterator();
		}
		if (value instanceof List<?> list) {
			return list;
		}
		if (value instanceof Object[] tuple) {
			return java.util.Arrays.asList(tuple);
		}
		return null;
	}

	private static String describe(Exception ex) {
		if (ex instanceof ClassCastException) {
			return "an opcode was applied to a value of the wrong kind";
		}
		if (ex instanceof IndexOutOfBoundsException || ex instanceof java.util.NoSuchElementException) {
			return "an opcode found too few values on the stack";
		}
		if (ex instanceof NumberFormatException) {
			return "a malformed number";
		}
		if (ex instanceof IOException) {
			return "it ends early";
		}
		if (ex instanceof PickleException && ex.getMessage() != null) {
			return Printable.of(ex.getMessage());
		}
		return "malformed";
	}

	/** A function the pickle may call. */
	@FunctionalInterface
	private interface Callable {

		Object call(Object[] args);

	}

	/** A storage type named by the pickle: only usable inside a storage reference. */
	private record StorageType(Dtype dtype, String global) {

	}

	/** A {@code collections.OrderedDict}: insertion-ordered, may receive BUILD. */
	private static final class OrderedDictValue extends LinkedHashMap<Object, Object> {

	}

}
