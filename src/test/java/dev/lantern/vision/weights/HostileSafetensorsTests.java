package dev.lantern.vision.weights;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.TooLargeException;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Hostile and broken safetensors files: each refused with the domain exception that names
 * the problem, before any tensor data is read.
 */
class HostileSafetensorsTests {

	@TempDir
	Path directory;

	@Test
	void refusesAHeaderLongerThanTheFile() throws IOException {
		byte[] header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"
			.getBytes(StandardCharsets.UTF_8);
		Path file = HandMadeFiles.safetensors(this.directory.resolve("long.safetensors"), 5000, header,
				HandMadeFiles.floats(1));
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> read(file))
			.withMessageContaining(
					"the safetensors header claims 5000 bytes, but the file holds only 58 after its length");
	}

	@Test
	void refusesAHeaderPastTheMetadataLimit() throws IOException {
		Path file = HandMadeFiles.safetensors(this.directory.resolve("huge.safetensors"), 1L << 40,
				"{}".getBytes(StandardCharsets.UTF_8), new byte[0]);
		assertThatExceptionOfType(TooLargeException.class).isThrownBy(() -> read(file))
			.withMessageContaining("claims 1099511627776 bytes")
			.withMessageContaining("lantern.vision.weights.max-metadata-size");
	}

	@Test
	void refusesOverlappingTensors() throws IOException {
		Path file = write(
				"{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
						+ "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
				HandMadeFiles.floats(1, 2, 3));
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> read(file))
			.withMessageContaining("tensors 'a' and 'b' overlap (bytes 0-8 and 4-12)");
	}

	@Test
	void refusesOffsetsOutsideTheDataAndGaps() throws IOException {
		Path outside = write("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
				HandMadeFiles.floats(1, 2));
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> read(outside))
			.withMessageContaining("data_offsets [4, 12] of tensor 'a' reach past the end of the data (8 bytes)");
		Path gap = write("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
				HandMadeFiles.floats(1, 2));
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> read(gap))
			.withMessageContaining("bytes 0-4 of the data belong to no tensor");
		Path mismatch = write("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}",
				HandMadeFiles.floats(1, 2));
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> read(mismatch))
			.withMessageContaining("tensor 'a' has shape [3] of F32 (12 bytes), but data_offsets [0, 8] span 8 bytes");
		Path negative = write("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,8]}}",
				HandMadeFiles.floats(1, 2));
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> read(negative))
			.withMessageContaining("tensor 'a' shape holds a value that is not a non-negative integer");
	}

	@ParameterizedTest
	@ValueSource(strings = { "F17", "BOOL", "U8", "F8_E4M3", "" })
	void refusesDtypesItDoesNotRead(String dtype) throws IOException {
		Path file = write("{\"bn1.weight\":{\"dtype\":\"" + dtype + "\",\"shape\":[1],\"data_offsets\":[0,1]}}",
				new byte[1]);
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> read(file))
			.withMessageContaining("tensor 'bn1.weight' has dtype '" + dtype + "'");
	}

	@Test
	void refusesATrillionElements() throws IOException {
		Path file = write("{\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[1000000,1000000],\"data_offsets\":[0,4]}}",
				HandMadeFiles.floats(1));
		assertThatExceptionOfType(TooLargeException.class).isThrownBy(() -> read(file))
			.withMessageContaining("tensor 'fc.weight' has shape [1000000, 1000000]")
			.withMessageContaining("lantern.vision.weights.max-tensor-elements");
		Path overflow = write(
				"{\"x\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,4294967296],\"data_offsets\":[0,4]}}",
				HandMadeFiles.floats(1));
		assertThatExceptionOfType(TooLargeException.class).isThrownBy(() -> read(overflow))
			.withMessageContaining("tensor 'x'");
	}

	@Test
	void refusesNonFiniteValuesNamingTheTensor() throws IOException {
		Path file = write("{\"layer1.0.bn1.running_var\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}",
				HandMadeFiles.floats(1, Float.POSITIVE_INFINITY));
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> read(file))
			.withMessageContaining("tensor 'layer1.0.bn1.running_var' has a non-finite value (Infinity) at element 1");
	}

	@ParameterizedTest
	@ValueSource(strings = {
			"{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\","
					+ "\"shape\":[1],\"data_offsets\":[0,4]}}",
			"{\"a\":", "{\"a\": 1}", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}} trailing",
			"{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"extra\":1}}",
			"{\"a\":{\"dtype\":\"F32\",\"shape\":[[[[[1]]]]],\"data_offsets\":[0,4]}}",
			"{\"__metadata__\":{\"format\":[1]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}" })
	void refusesMalformedHeaders(String header) throws IOException {
		Path file = write(header, HandMadeFiles.floats(1));
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> read(file))
			.withMessageStartingWith("w.safetensors: ");
	}

	private Path write(String header, byte[] data) throws IOException {
		return HandMadeFiles.safetensors(this.directory.resolve("w.safetensors"), header, data);
	}

	private static StateDict read(Path file) throws IOException {
		return WeightsFixtures.files().read(file, "w.safetensors");
	}

}
