package dev.lantern.vision.weights;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

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
 * <li>Globals resolve through {@link StateDictGlobals} only: any global outside its
 * allow-list ({@code posix.system}, {@code builtins.eval}, {@code subprocess.Popen}, a
 * class) is refused when the pickle names it, before anything could call it. The
 * library's own registry of constructors is never consulted.</li>
 * <li>Calls ({@code REDUCE}) reach only the allowed functions, implemented in Java.
 * Object-building opcodes a state dict does not use ({@code INST}, {@code OBJ},
 * {@code NEWOBJ}, {@code NEWOBJ_EX}, extensions, sets, out-of-band buffers, text
 * {@code LONG} and {@code PERSID}) are refused; every other opcode is listed.</li>
 * <li>Limits are checked as the pickle runs: opcodes executed, memo entries, lengths
 * claimed by strings and bytes against what remains, dictionary keys only strings and
 * numbers (so nothing is hashed recursively); then the nesting depth of the result
 * ({@link PickleDepth}).</li>
 * </ul>
 * Storages ({@code BINPERSID}) become {@link PickledTensor.Storage} descriptions; no
 * tensor data is read here.
 */
final class StateDictUnpickler extends Unpickler {

	private final WeightsProperties limits;

	private final String source;

	private final StateDictGlobals globals;

	private long operations;

	private StateDictUnpickler(WeightsProperties limits, String source) {
		this.limits = limits;
		this.source = source;
		this.globals = new StateDictGlobals(limits, source);
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
			PickleDepth.check(root, limits.maxPickleDepth(), source);
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
				this.stack.add(this.globals.resolve(module, name));
			}
			case Opcodes.STACK_GLOBAL -> {
				Object name = this.stack.pop();
				Object module = this.stack.pop();
				if (!(module instanceof String moduleName) || !(name instanceof String globalName)) {
					throw invalid("STACK_GLOBAL names a global with values that are not strings");
				}
				this.stack.add(this.globals.resolve(moduleName, globalName));
			}
			case Opcodes.REDUCE -> {
				Object arguments = this.stack.pop();
				this.stack.add(this.globals.call(this.stack.pop(), arguments));
			}
			case Opcodes.BUILD -> {
				Object state = this.stack.pop();
				if (!StateDictGlobals.acceptsState(this.stack.peek(), state)) {
					throw invalid("the pickle sets the state of a value that is not an OrderedDict");
				}
			}
			case Opcodes.BINPERSID -> this.stack.add(this.globals.storage(this.stack.pop()));
			case Opcodes.EMPTY_DICT -> this.stack.add(new LinkedHashMap<>());
			case Opcodes.DICT -> {
				Map<Object, Object> dict = new LinkedHashMap<>();
				putPairs(dict, this.stack.pop_all_since_marker());
				this.stack.add(dict);
			}
			case Opcodes.SETITEM -> {
				Object value = this.stack.pop();
				Object dictKey = this.stack.pop();
				target().put(StateDictGlobals.key(dictKey, this.source), value);
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

	@Override
	protected Object persistentLoad(Object pid) {
		return this.globals.storage(pid);
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
			dict.put(StateDictGlobals.key(items.get(i), this.source), items.get(i + 1));
		}
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

	private InvalidInputException invalid(String message) {
		return new InvalidInputException(this.source + ": " + message);
	}

	/** What went wrong, without quoting class names or the pickle's values. */
	private static String describe(Exception ex) {
		if (ex instanceof ClassCastException) {
			return "an opcode was applied to a value of the wrong kind";
		}
		if (ex instanceof IndexOutOfBoundsException || ex instanceof NoSuchElementException) {
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

}
