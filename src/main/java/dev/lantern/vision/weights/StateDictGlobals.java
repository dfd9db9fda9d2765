package dev.lantern.vision.weights;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.TooLargeException;

/**
 * Lantern's allow-list for checkpoint pickles: the only globals a state dict needs, and
 * Java implementations of the three functions among them. They build dictionaries and
 * tensor descriptions; nothing else can be named, let alone called.
 */
final class StateDictGlobals {

	/** The globals a state dict may name, besides the storage types. */
	static final List<String> ALLOWED = List.of("collections.OrderedDict", "torch._utils._rebuild_tensor_v2",
			"torch._utils._rebuild_parameter");

	/** The storage types Lantern reads, by their name in module {@code torch}. */
	static final Map<String, Dtype> STORAGES = Map.of("FloatStorage", Dtype.F32, "HalfStorage", Dtype.F16,
			"BFloat16Storage", Dtype.BF16, "DoubleStorage", Dtype.F64, "LongStorage", Dtype.I64, "IntStorage",
			Dtype.I32);

	private static final Pattern STORAGE_KEY = Pattern.compile("[0-9A-Za-z_]{1,64}");

	private final WeightsProperties limits;

	private final String source;

	private final Map<String, PickledTensor.Storage> storages = new LinkedHashMap<>();

	StateDictGlobals(WeightsProperties limits, String source) {
		this.limits = limits;
		this.source = source;
	}

	/**
	 * The value of a global the pickle names ({@code GLOBAL}, {@code STACK_GLOBAL}).
	 * @throws InvalidInputException for anything outside the allow-list
	 */
	Object resolve(String module, String name) {
		String global = module + "." + name;
		if (ALLOWED.contains(global)) {
			return switch (global) {
				case "collections.OrderedDict" -> (Function) this::orderedDict;
				case "torch._utils._rebuild_tensor_v2" -> (Function) this::rebuildTensor;
				default -> (Function) this::rebuildParameter;
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
				+ String.join(", ", ALLOWED) + ", torch.*Storage)");
	}

	/** {@code REDUCE}: calls one of the allowed functions. */
	Object call(Object callable, Object arguments) {
		if (callable instanceof StorageType type) {
			throw invalid("the pickle calls " + type.global() + ", which a state dict never calls");
		}
		if (!(callable instanceof Function function)) {
			throw invalid("the pickle calls a value that is not a function");
		}
		if (!(arguments instanceof Object[] args)) {
			throw invalid("the pickle calls a function with arguments that are not a tuple");
		}
		return function.call(args);
	}

	/** A storage reference: {@code ('storage', torch.<type>, key, location, size)}. */
	PickledTensor.Storage storage(Object pid) {
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

	/**
	 * Whether {@code BUILD} may set this value's state: a state dict's OrderedDict
	 * carries {@code _metadata} (module versions), which Lantern does not need.
	 */
	static boolean acceptsState(Object target, Object state) {
		return target instanceof OrderedDictValue && (state == null || state instanceof Map);
	}

	/** Dictionary keys must be strings or numbers: hashing them never recurses. */
	static Object key(Object key, String source) {
		if (key == null || key instanceof String || key instanceof Number || key instanceof Boolean) {
			return key;
		}
		throw new InvalidInputException(source + ": a dictionary key is not a string or a number");
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
				dict.put(key(entry[0], this.source), entry[1]);
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
		if (size.length != stride.length || size.length > Tensor.MAX_RANK) {
			throw invalid("a tensor has " + size.length + " sizes and " + stride.length + " strides (at most "
					+ Tensor.MAX_RANK + " dimensions are read)");
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

	private long nonNegative(Object value, String what) {
		if (!(value instanceof Integer || value instanceof Long)) {
			throw invalid(what + " is not an integer");
		}
		long number = ((Number) value).longValue();
		if (number < 0) {
			throw invalid(what + " is negative (" + number + ")");
		}
		return number;
	}

	private InvalidInputException invalid(String message) {
		return new InvalidInputException(this.source + ": " + message);
	}

	/** A function the pickle may call. */
	@FunctionalInterface
	private interface Function {

		Object call(Object[] args);

	}

	/** A storage type named by the pickle: only usable inside a storage reference. */
	private record StorageType(Dtype dtype, String global) {

	}

	/** A {@code collections.OrderedDict}: insertion-ordered, may receive BUILD. */
	private static final class OrderedDictValue extends LinkedHashMap<Object, Object> {

	}

}
