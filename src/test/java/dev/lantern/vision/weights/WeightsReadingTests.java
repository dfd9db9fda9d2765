package dev.lantern.vision.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Reading the files real PyTorch wrote ({@code make_fixtures.py}): both formats, every
 * dtype, nested and training checkpoints, tensors that share a storage.
 */
class WeightsReadingTests {

	@TempDir
	Path directory;

	@Test
	void checkpointAndSafetensorsHoldTheSameTensors() throws IOException {
		StateDict checkpoint = WeightsFixtures.read("basic.pth");
		StateDict safetensors = WeightsFixtures.read("basic.safetensors");
		assertThat(checkpoint.format()).isEqualTo("pytorch");
		assertThat(safetensors.format()).isEqualTo("safetensors");
		assertThat(checkpoint.tensors()).hasSize(122);
		assertThat(safetensors.tensors().keySet()).containsExactlyInAnyOrderElementsOf(checkpoint.tensors().keySet());
		checkpoint.tensors().forEach((name, tensor) -> {
			Tensor other = safetensors.get(name);
			assertThat(other.shape()).as(name).isEqualTo(tensor.shape());
			assertThat(other.dtype()).as(name).isEqualTo(tensor.dtype());
			assertThat(other.values()).as(name).isEqualTo(tensor.values());
		});
		assertThat(checkpoint.tensors().keySet()).startsWith("conv1.weight", "bn1.weight", "bn1.bias",
				"bn1.running_mean", "bn1.running_var", "bn1.num_batches_tracked");
		assertThat(checkpoint.get("conv1.weight").shape()).containsExactly(4, 3, 7, 7);
		assertThat(checkpoint.get("bn1.num_batches_tracked").dtype()).isEqualTo(Dtype.I64);
		assertThat(checkpoint.get("bn1.num_batches_tracked").values()).containsExactly(4f);
		assertThat(checkpoint.floatingDtypes()).containsExactly(Dtype.F32);
		assertThat(checkpoint.elements()).isEqualTo(
				checkpoint.tensors().values().stream().mapToLong((tensor) -> Tensor.elements(tensor.shape())).sum());
	}

	@Test
	void halfPrecisionFilesHoldTheFloatWeightsRounded() throws IOException {
		StateDict single = WeightsFixtures.read("basic.pth");
		StateDict half = WeightsFixtures.read("basic-f16.pth");
		StateDict bfloat = WeightsFixtures.read("basic-bf16.safetensors");
		assertThat(half.floatingDtypes()).containsExactly(Dtype.F16);
		assertThat(bfloat.floatingDtypes()).containsExactly(Dtype.BF16);
		single.tensors().forEach((name, tensor) -> {
			float[] f16 = half.get(name).values();
			float[] bf16 = bfloat.get(name).values();
			for (int i = 0; i < tensor.values().length; i++) {
				float value = tensor.values()[i];
				// Round to nearest: half of an ulp at 11 and 8 significant bits.
				assertThat(f16[i]).as(name).isCloseTo(value, within(Math.abs(value) * 0x1p-11f + 0x1p-25f));
				assertThat(bf16[i]).as(name).isCloseTo(value, within(Math.abs(value) * 0x1p-8f));
			}
		});
	}

	@Test
	void decodesHalfPrecisionBitPatterns() {
		assertThat(decode(Dtype.F16, 0x3c00)).isEqualTo(1f);
		assertThat(decode(Dtype.F16, 0xc000)).isEqualTo(-2f);
		assertThat(decode(Dtype.F16, 0x7bff)).isEqualTo(65504f);
		assertThat(decode(Dtype.F16, 0x0001)).isEqualTo(0x1p-24f);
		assertThat(decode(Dtype.F16, 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
		assertThat(decode(Dtype.BF16, 0x3f80)).isEqualTo(1f);
		assertThat(decode(Dtype.BF16, 0xc0a0)).isEqualTo(-5f);
		assertThat(decode(Dtype.BF16, 0x0001)).isEqualTo(Float.intBitsToFloat(0x10000));
	}

	@Test
	void findsTheStateDictOfATrainingCheckpointWithParameters() throws IOException {
		StateDict nested = WeightsFixtures.read("nested.pth");
		assertThat(nested.tensors().keySet()).containsExactly("conv1.weight", "bn1.weight", "bn1.bias",
				"bn1.running_mean", "bn1.running_var", "bn1.num_batches_tracked");
		StateDict checkpoint = WeightsFixtures.read("checkpoint.pth");
		assertThat(checkpoint.tensors().keySet()).isEqualTo(nested.tensors().keySet());
		assertThat(checkpoint.get("bn1.running_var").values()).isEqualTo(nested.get("bn1.running_var").values());
		assertThat(checkpoint.get("conv1.weight").values()).isNotEqualTo(nested.get("conv1.weight").values());
	}

	@Test
	void readsViewsThatShareAStorage() throws IOException {
		Map<String, Tensor> views = WeightsFixtures.read("views.pth").tensors();
		float[] base = views.get("base").values();
		assertThat(views.get("base").shape()).containsExactly(4, 6);
		for (int i = 0; i < 24; i++) {
			assertThat(base[i]).isEqualTo(i / 8f);
		}
		assertThat(views.get("row").values()).containsExactly(6 / 8f, 7 / 8f, 8 / 8f, 9 / 8f, 10 / 8f, 11 / 8f);
		Tensor transposed = views.get("transposed");
		assertThat(transposed.shape()).containsExactly(6, 4);
		for (int r = 0; r < 6; r++) {
			for (int c = 0; c < 4; c++) {
				assertThat(transposed.values()[r * 4 + c]).isEqualTo(base[c * 6 + r]);
			}
		}
		float[] tail = views.get("tail").values();
		assertThat(tail).hasSize(12);
		for (int i = 0; i < 12; i++) {
			assertThat(tail[i]).isEqualTo(base[5 + i]);
		}
	}

	@Test
	void readsAHandMadeSafetensorsFileExactly() throws IOException {
		Path file = HandMadeFiles.safetensors(this.directory.resolve("w.safetensors"),
				"{\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]},"
						+ "\"a\":{\"dtype\":\"F32\",\"shape\":[1,3],\"data_offsets\":[0,12]}}   ",
				HandMadeFiles.floats(1.5f, -2f, 3.25f, 1e-3f, -7f));
		StateDict read = WeightsFixtures.files().read(file, "w.safetensors");
		assertThat(read.tensors().keySet()).containsExactly("b", "a");
		assertThat(read.get("a").values()).containsExactly(1.5f, -2f, 3.25f);
		assertThat(read.get("a").shape()).containsExactly(1, 3);
		assertThat(read.get("b").values()).containsExactly(1e-3f, -7f);
	}

	private static float decode(Dtype dtype, int bits) {
		ByteBuffer buffer = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) bits).flip();
		return dtype.read(buffer);
	}

}
