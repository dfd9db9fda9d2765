package dev.lantern.vision.weights;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.TooLargeException;
import dev.lantern.system.errors.UnsupportedFormatException;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Hostile and broken PyTorch checkpoints: each refused with the domain exception that
 * names the problem, and nothing in them executed.
 */
class HostileCheckpointTests {

	private static final long[] ONE = { 1 };

	@TempDir
	Path directory;

	@Test
	void refusesOsSystemWithoutRunningIt() throws IOException {
		Path marker = this.directory.resolve("pwned");
		byte[] pickle = PickleBytes.protocol2()
			.global("os", "system")
			.string("touch " + marker)
			.op(0x85) // TUPLE1
			.reduce()
			.stop()
			.bytes();
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> read(pickle))
			.withMessageContaining("'os.system'")
			.withMessageContaining("a state dict does not need");
		assertThat(marker).doesNotExist();
	}

	@Test
	void refusesARealTorchSaveOfAnObjectThatRunsAShellCommand() {
		Path marker = Path.of("/tmp/lantern-weights-pwned");
		assertThat(marker).as("left by something else").doesNotExist();
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> WeightsFixtures.read("hostile-reduce.pth"))
			.withMessageStartingWith("hostile-reduce.pth: ")
			.withMessageContaining("'posix.system'");
		assertThat(marker).doesNotExist();
	}

	@ParameterizedTest
	@CsvSource({ "builtins, eval", "subprocess, Popen", "builtins, getattr", "torch.nn.modules.conv, Conv2d",
			"builtins, bytearray", "copy_reg, _reconstructor", "decimal, Decimal", "torch._utils, _rebuild_tensor",
			"torch, load", "numpy.core.multiarray, _reconstruct" })
	void refusesEveryOtherGlobalWhenItIsNamed(String module, String name) {
		byte[] pickle = PickleBytes.protocol2().global(module, name).emptyTuple().reduce().stop().bytes();
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> read(pickle))
			.withMessageContaining("'" + module + "." + name + "'");
	}

	@Test
	void refusesAStackGlobalToo() {
		byte[] pickle = PickleBytes.protocol2()
			.stackGlobal("builtins", "eval")
			.string("__import__('os').system('true')")
			.op(0x85)
			.reduce()
			.stop()
			.bytes();
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> read(pickle))
			.withMessageContaining("'builtins.eval'");
	}

	@Test
	void refusesCallingAStorageTypeOrAValueThatIsNoFunction() {
		byte[] storageCall = PickleBytes.protocol2()
			.global("torch", "FloatStorage")
			.emptyTuple()
			.reduce()
			.stop()
			.bytes();
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> read(storageCall))
			.withMessageContaining("calls torch.FloatStorage");
		byte[] stringCall = PickleBytes.protocol2().string("os.system").emptyTuple().reduce().stop().bytes();
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> read(stringCall))
			.withMessageContaining("not a function");
	}

	@ParameterizedTest
	@ValueSource(ints = { 'i', 'o', 0x81, 0x92, 0x82, 0x8f, 0x97, 'L', 'P' })
	void refusesOpcodesAStateDictDoesNotUse(int opcode) {
		byte[] pickle = PickleBytes.protocol2().mark().op(opcode).stop().bytes();
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> read(pickle))
			.withMessageContaining("opcode " + opcode);
	}

	@Test
	void refusesDeepNestingBeforeUsingIt() {
		PickleBytes pickle = PickleBytes.protocol2().op(']');
		for (int i = 0; i < 100_000; i++) {
			pickle.op(0x85); // TUPLE1: one more level per byte
		}
		assertThatExceptionOfType(TooLargeException.class).isThrownBy(() -> read(pickle.stop().bytes()))
			.withMessageContaining("more than 32 levels deep")
			.withMessageContaining("lantern.vision.weights.max-pickle-depth");
	}

	@Test
	void refusesAHugeMemo() {
		PickleBytes pickle = PickleBytes.protocol2().op('N');
		for (int i = 0; i < 1001; i++) {
			pickle.put(i);
		}
		assertThatExceptionOfType(TooLargeException.class)
			.isThrownBy(() -> read(pickle.stop().bytes(), Map.of(), limits(2_000_000, 1000)))
			.withMessageContaining("lantern.vision.weights.max-memo-entries");
	}

	@Test
	void refusesAPickleThatRunsTooManyOperations() {
		PickleBytes pickle = PickleBytes.protocol2().op('N');
		for (int i = 0; i < 5000; i++) {
			pickle.op('2'); // DUP
		}
		assertThatExceptionOfType(TooLargeException.class)
			.isThrownBy(() -> read(pickle.stop().bytes(), Map.of(), limits(1000, 1_000_000)))
			.withMessageContaining("lantern.vision.weights.max-pickle-operations");
	}

	@Test
	void refusesAStringClaimingMoreBytesThanThePickleHas() {
		byte[] pickle = PickleBytes.protocol2().op('X').raw(PickleBytes.le(0x7fff_fff0L, 4)).raw(new byte[8]).bytes();
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> read(pickle))
			.withMessageContaining("claims 2147483632 bytes");
	}

	@Test
	void refusesHugeClaimedShapesBeforeReadingAnything() {
		byte[] pickle = stateDict("huge", "FloatStorage", 4, 0, new long[] { 1_000_000, 1_000_000 },
				new long[] { 1_000_000, 1 });
		assertThatExceptionOfType(TooLargeException.class)
			.isThrownBy(() -> read(pickle, Map.of("0", HandMadeFiles.floats(1, 2, 3, 4))))
			.withMessageContaining("tensor 'huge' has shape [1000000, 1000000]")
			.withMessageContaining("lantern.vision.weights.max-tensor-elements");
		byte[] overflowing = stateDict("overflow", "FloatStorage", 4, 0, new long[] { 1L << 40, 1L << 40 },
				new long[] { 1, 1 });
		assertThatExceptionOfType(TooLargeException.class)
			.isThrownBy(() -> read(overflowing, Map.of("0", HandMadeFiles.floats(1, 2, 3, 4))))
			.withMessageContaining("tensor 'overflow'");
		byte[] storage = stateDict("big", "FloatStorage", 1_000_000_000_000L, 0, ONE, ONE);
		assertThatExceptionOfType(TooLargeException.class).isThrownBy(() -> read(storage))
			.withMessageContaining("storage '0' claims 1000000000000 elements");
	}

	@Test
	void refusesTheSumOfTensorsPastTheTotalLimit() {
		WeightsProperties limits = new WeightsProperties(DataSize.ofMegabytes(1), 100, 10, 15, DataSize.ofMegabytes(1),
				10_000, 32, 10_000);
		byte[] pickle = PickleBytes.protocol2()
			.emptyDict()
			.mark()
			.string("a")
			.tensor("FloatStorage", "0", 10, 0, new long[] { 10 }, ONE)
			.string("b")
			.tensor("FloatStorage", "1", 10, 0, new long[] { 10 }, ONE)
			.setItems()
			.stop()
			.bytes();
		byte[] ten = HandMadeFiles.floats(new float[10]);
		assertThatExceptionOfType(TooLargeException.class)
			.isThrownBy(() -> read(pickle, Map.of("0", ten, "1", ten), limits))
			.withMessageContaining("lantern.vision.weights.max-total-elements");
	}

	@Test
	void refusesATensorReachingPastItsStorage() {
		byte[] pickle = stateDict("layer1.0.conv1.weight", "FloatStorage", 4, 2, new long[] { 3 }, ONE);
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> read(pickle, Map.of("0", HandMadeFiles.floats(1, 2, 3, 4))))
			.withMessageContaining("tensor 'layer1.0.conv1.weight' (shape [3], offset 2) reaches past the end of "
					+ "storage '0', which holds 4 elements");
	}

	@Test
	void refusesAStorageShorterThanThePickleSays() {
		byte[] pickle = stateDict("bn1.weight", "FloatStorage", 4, 0, new long[] { 4 }, ONE);
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> read(pickle, Map.of("0", HandMadeFiles.floats(1, 2, 3))))
			.withMessageContaining("storage entry data/0 of tensor 'bn1.weight' holds 12 bytes, but the pickle "
					+ "declares 4 F32 elements (16 bytes)");
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> read(pickle, Map.of()))
			.withMessageContaining("no entry data/0");
	}

	@Test
	void refusesNonFiniteValuesNamingTheTensor() {
		byte[] pickle = stateDict("bn1.running_var", "FloatStorage", 3, 0, new long[] { 3 }, ONE);
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> read(pickle, Map.of("0", HandMadeFiles.floats(1, Float.NaN, 3))))
			.withMessageContaining("tensor 'bn1.running_var' has a non-finite value (NaN) at element 1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "QInt8Storage", "BoolStorage", "ComplexFloatStorage", "ByteStorage" })
	void refusesStorageTypesItDoesNotRead(String type) {
		byte[] pickle = stateDict("x", type, 1, 0, ONE, ONE);
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> read(pickle, Map.of("0", new byte[] { 1 })))
			.withMessageContaining("storage type torch." + type + " is not supported");
	}

	@ParameterizedTest
	@ValueSource(strings = { "archive/../../evil.sh", "../archive/data.pkl", "/etc/archive", "archive/data/..",
			"archive\\..\\x", "archive//data.pkl", "C:/archive/x" })
	void refusesOddEntryNames(String name) throws IOException {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		entries.put("archive/data.pkl", emptyStateDict());
		entries.put(name, new byte[] { 1 });
		Path file = HandMadeFiles.zip(this.directory.resolve("slip.pth"), entries);
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> WeightsFixtures.files().read(file, "slip.pth"))
			.withMessageContaining("'" + name + "'");
	}

	@Test
	void refusesAZipDeclaringMoreEntriesThanAllowedBeforeLoadingItsDirectory() throws IOException {
		byte[] zip = Files.readAllBytes(WeightsFixtures.path("views.pth"));
		// The plain end record: entries on this disk and in all, then the directory's
		// size.
		int end = zip.length - 22;
		assertThat(java.nio.ByteBuffer.wrap(zip, end, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt())
			.isEqualTo(0x06054b50);
		zip[end + 8] = (byte) 0x60;
		zip[end + 9] = (byte) 0xea;
		zip[end + 10] = (byte) 0x60;
		zip[end + 11] = (byte) 0xea;
		Path patched = Files.write(this.directory.resolve("many.pth"), zip);
		assertThatExceptionOfType(TooLargeException.class)
			.isThrownBy(() -> WeightsFixtures.files().read(patched, "many.pth"))
			.withMessageContaining("the zip declares 60000 entries, more than 10016")
			.withMessageContaining("lantern.vision.weights.max-tensors");
		WeightsProperties two = new WeightsProperties(DataSize.ofGigabytes(1), 2, 100_000_000L, 200_000_000L,
				DataSize.ofMegabytes(16), 2_000_000, 32, 1_000_000);
		assertThatExceptionOfType(TooLargeException.class)
			.isThrownBy(() -> WeightsFixtures.files(two).read(WeightsFixtures.path("basic.pth"), "basic.pth"))
			.withMessageContaining("the zip declares 124 entries, more than 18");
	}

	@Test
	void refusesEntriesInSeveralFoldersAndMissingPickles() throws IOException {
		Path two = HandMadeFiles.zip(this.directory.resolve("two.pth"),
				Map.of("a/data.pkl", emptyStateDict(), "b/data/0", new byte[4]));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> WeightsFixtures.files().read(two, "two.pth"))
			.withMessageContaining("different folders");
		Path none = HandMadeFiles.zip(this.directory.resolve("none.pth"), Map.of("a/other", new byte[4]));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> WeightsFixtures.files().read(none, "none.pth"))
			.withMessageContaining("no data.pkl");
	}

	@Test
	void refusesAPickleLargerThanTheMetadataLimit() throws IOException {
		WeightsProperties limits = new WeightsProperties(DataSize.ofMegabytes(1), 100, 1000, 1000,
				DataSize.ofBytes(100), 10_000, 32, 10_000);
		byte[] pickle = PickleBytes.protocol2().string("x".repeat(200)).stop().bytes();
		assertThatExceptionOfType(TooLargeException.class).isThrownBy(() -> read(pickle, Map.of(), limits))
			.withMessageContaining("data.pkl is larger than 100 bytes")
			.withMessageContaining("lantern.vision.weights.max-metadata-size");
	}

	@Test
	void refusesAPickleThatIsNotAStateDict() {
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> read(PickleBytes.protocol2().integer(7).stop().bytes()))
			.withMessageContaining("holds no state dict");
		byte[] notATensor = PickleBytes.protocol2()
			.emptyDict()
			.string("conv1.weight")
			.integer(3)
			.setItem()
			.stop()
			.bytes();
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> read(notATensor))
			.withMessageContaining("entry 'conv1.weight' of the state dict is not a tensor");
		byte[] truncated = PickleBytes.protocol2().emptyDict().mark().string("a").bytes();
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> read(truncated))
			.withMessageContaining("not a readable pickle");
		byte[] listKey = PickleBytes.protocol2().emptyDict().op(']').integer(1).setItem().stop().bytes();
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> read(listKey))
			.withMessageContaining("key is not a string or a number");
	}

	@Test
	void refusesFilesThatAreNeitherFormat() throws IOException {
		Path text = Files.writeString(this.directory.resolve("notes.pth"), "just some text");
		assertThatExceptionOfType(UnsupportedFormatException.class)
			.isThrownBy(() -> WeightsFixtures.files().read(text, "notes.pth"))
			.withMessageContaining("neither a PyTorch checkpoint");
		Path legacy = this.directory.resolve("legacy.pth");
		Files.write(legacy, new byte[] { (byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46,
				(byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19, 0x2e });
		assertThatExceptionOfType(UnsupportedFormatException.class)
			.isThrownBy(() -> WeightsFixtures.files().read(legacy, "legacy.pth"))
			.withMessageContaining("before PyTorch 1.6");
		Path brokenZip = Files.write(this.directory.resolve("broken.pth"),
				"PK\u0003\u0004 not really a zip".getBytes(StandardCharsets.ISO_8859_1));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> WeightsFixtures.files().read(brokenZip, "broken.pth"))
			.withMessageContaining("not a readable zip");
		Path empty = Files.write(this.directory.resolve("empty.pth"), new byte[0]);
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> WeightsFixtures.files().read(empty, "empty.pth"))
			.withMessageContaining("empty");
	}

	@Test
	void refusesAFileLargerThanTheLimit() throws IOException {
		WeightsProperties limits = new WeightsProperties(DataSize.ofKilobytes(100), 10_000, 1_000_000, 1_000_000,
				DataSize.ofMegabytes(1), 10_000, 32, 10_000);
		assertThatExceptionOfType(TooLargeException.class)
			.isThrownBy(() -> WeightsFixtures.files(limits).read(WeightsFixtures.path("basic.pth"), "basic.pth"))
			.withMessageContaining("lantern.vision.weights.max-file-size");
	}

	@Test
	void aHandMadeCheckpointReadsWhenItIsWellFormed() throws IOException {
		byte[] pickle = stateDict("w", "FloatStorage", 4, 1, new long[] { 3 }, ONE);
		StateDict read = read(pickle, Map.of("0", HandMadeFiles.floats(9, 1, 2, 3)));
		assertThat(read.get("w").values()).containsExactly(1f, 2f, 3f);
	}

	private static byte[] emptyStateDict() {
		return PickleBytes.protocol2().emptyDict().stop().bytes();
	}

	/** A state dict of one tensor on storage "0". */
	private static byte[] stateDict(String name, String storageType, long storageElements, long offset, long[] shape,
			long[] stride) {
		return PickleBytes.protocol2()
			.global("collections", "OrderedDict")
			.emptyTuple()
			.reduce()
			.string(name)
			.tensor(storageType, "0", storageElements, offset, shape, stride)
			.setItem()
			.stop()
			.bytes();
	}

	private static WeightsProperties limits(int operations, int memo) {
		return new WeightsProperties(DataSize.ofMegabytes(1), 100, 1000, 1000, DataSize.ofMegabytes(1), operations, 32,
				memo);
	}

	private StateDict read(byte[] pickle) throws IOException {
		return read(pickle, Map.of());
	}

	private StateDict read(byte[] pickle, Map<String, byte[]> storages) throws IOException {
		return read(pickle, storages, WeightsFixtures.defaults());
	}

	private StateDict read(byte[] pickle, Map<String, byte[]> storages, WeightsProperties limits) throws IOException {
		Path file = HandMadeFiles.checkpoint(this.directory.resolve("hostile.pth"), pickle, storages);
		return WeightsFixtures.files(limits).read(file, "hostile.pth");
	}

}
