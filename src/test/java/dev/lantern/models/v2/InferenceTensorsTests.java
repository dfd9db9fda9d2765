package dev.lantern.models.v2;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.lantern.models.ModelVersionInfo;
import dev.lantern.models.OpenInferenceAdapter.Tensor;
import dev.lantern.system.errors.ConflictException;
import dev.lantern.system.errors.InvalidInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Decoding of Open Inference Protocol input tensors, {@link Tensors}. */
class InferenceTensorsTests {

	@Test
	void nestedFp32DataIsFlattenedInRowMajorOrder() {
		Tensor tensor = Tensors.decode(input("x", List.of(2L, 2L), "FP32", List.of(List.of(1, 2.5), List.of(3, 4))));
		assertThat(tensor.data()).isEqualTo(List.of(1f, 2.5f, 3f, 4f));
		assertThat(tensor.shape()).containsExactly(2L, 2L);
	}

	@Test
	void int64DataBecomesLongsAndBytesDataStrings() {
		assertThat(Tensors.decode(input("ids", List.of(3L), "INT64", List.of(1, 2.0, 9007199254740993L))).data())
			.isEqualTo(List.of(1L, 2L, 9007199254740993L));
		assertThat(Tensors.decode(input("image", List.of(1L), "BYTES", List.of("aGVsbG8="))).data())
			.isEqualTo(List.of("aGVsbG8="));
	}

	@Test
	void wrongTensorsAreRefusedNamingTheTensor() {
		assertRefused(input("image", List.of(1L), "BYTES", List.of(1)), "not of datatype BYTES");
		assertRefused(input("x", List.of(-1L, 2L), "FP32", List.of(1, 2)), "invalid shape");
		assertRefused(input("x", List.of(1L << 20, 1L << 20), "FP32", List.of(1)), "too large");
		assertRefused(input("x", List.of(1L), "FP32", List.of("one")), "not of datatype FP32");
		assertRefused(input("x", List.of(2L), "FP32", java.util.Arrays.asList(1, null)), "null element");
		assertRefused(input("x", List.of(1L), "UINT8", List.of(1)), "FP32, INT64 and BYTES");
	}

	@Test
	void fp32ElementsMustBeFiniteFloats() {
		assertRefused(input("Promo", List.of(2L), "FP32", List.of(1, 3.5e38)), "index 1");
		assertRefused(input("Promo", List.of(1L), "FP32", List.of(-3.5e38)), "not a finite float");
		assertRefused(input("Promo", List.of(1L), "FP32", List.of(Double.POSITIVE_INFINITY)), "not a finite float");
		assertRefused(input("Promo", List.of(1L), "FP32", List.of(new java.math.BigDecimal("1e400"))),
				"not a finite float");
		assertThat(Tensors.decode(input("x", List.of(1L), "FP32", List.of(3.4e38))).data()).isEqualTo(List.of(3.4e38f));
	}

	@Test
	void anOutputHoldingANonFiniteNumberIsAConflictNamingTheElement() {
		ModelVersionInfo info = new ModelVersionInfo("m", 2, "tiny", true, null, false, java.util.Map.of(), List.of(),
				java.util.Map.of(), java.time.Instant.now());
		Tensors.checkOutput(info, new Tensor("prediction", "FP32", List.of(2L), List.of(1.0, 2.0)));
		ConflictException conflict = catchThrowableOfType(ConflictException.class, () -> Tensors.checkOutput(info,
				new Tensor("prediction", "FP32", List.of(2L), List.of(1.0, Double.NaN))));
		assertThat(conflict).hasMessageContaining("non-finite").hasMessageContaining("element 1");
		assertThat(conflict.details()).containsEntry("index", 1);
	}

	private static void assertRefused(InferRequest.Input input, String reason) {
		InvalidInputException problem = catchThrowableOfType(InvalidInputException.class, () -> Tensors.decode(input));
		assertThat(problem).hasMessageContaining("'" + input.name() + "'").hasMessageContaining(reason);
		assertThat(problem.details()).containsEntry("tensor", input.name());
	}

	private static InferRequest.Input input(String name, List<Long> shape, String datatype, Object data) {
		return new InferRequest.Input(name, shape, datatype, null, data);
	}

}
