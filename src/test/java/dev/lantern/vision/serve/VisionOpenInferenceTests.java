package dev.lantern.vision.serve;

import java.awt.Color;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.lantern.models.Inference;
import dev.lantern.models.ModelVersionInfo;
import dev.lantern.models.OpenInferenceAdapter.Tensor;
import dev.lantern.models.OpenInferenceAdapter.TensorSpec;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.TooLargeException;
import dev.lantern.vision.TestImages;
import dev.lantern.vision.VisionProperties;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class VisionOpenInferenceTests {

	private static final List<String> LABELS = List.of("cat", "dog");

	private final Inference inference = mock(Inference.class);

	private final ClassifyOperation classify = new ClassifyOperation();

	private final VisionOpenInferenceAdapter adapter = new VisionOpenInferenceAdapter(this.inference, this.classify,
			TestImages.uploads(
					new VisionProperties(10, DataSize.ofMegabytes(1), DataSize.ofMegabytes(1), 40_000_000, 1, 1, 8),
					TestImages.uploadLimits()));

	private final ModelVersionInfo model = new ModelVersionInfo("pets", 2, "vision", true, null, false,
			Map.of("imageSize", 4), LABELS, Map.of(), Instant.now());

	private final List<ClassifyInput> received = new ArrayList<>();

	@BeforeEach
	void inference() {
		given(this.inference.runAll(eq("pets"), eq(2), any(ClassifyOperation.class), anyList())).willAnswer((call) -> {
			List<ClassifyInput> inputs = call.getArgument(3);
			this.received.addAll(inputs);
			return inputs.stream()
				.map((input) -> new ClassProbabilities(LABELS, new float[] { 0.25f, 0.75f }))
				.toList();
		});
	}

	@Test
	void describesImageAndTensorInputs() {
		assertThat(this.adapter.inputs(this.model)).containsExactly(new TensorSpec("image", "BYTES", List.of(-1L)),
				new TensorSpec("input", "FP32", List.of(-1L, 3L, 4L, 4L)));
		assertThat(this.adapter.outputs(this.model)).first()
			.isEqualTo(new TensorSpec("probabilities", "FP32", List.of(-1L, 2L)));
	}

	@Test
	void moreImagesThanAllowedAreRefusedNamingTheTensor() {
		String png = Base64.getEncoder().encodeToString(TestImages.png(TestImages.solid(9, 7, Color.RED)));
		List<Object> nine = new ArrayList<>(Collections.nCopies(9, png));
		assertThatExceptionOfType(TooLargeException.class)
			.isThrownBy(() -> this.adapter.infer(this.model, List.of(new Tensor("image", "BYTES", List.of(9L), nine))))
			.withMessageContaining("lantern.vision.uploads.max-images")
			.satisfies((ex) -> assertThat(ex.details()).containsEntry("field", "image"));
		List<Object> values = new ArrayList<>(Collections.nCopies(9 * 3 * 4 * 4, 0.5f));
		assertThatExceptionOfType(TooLargeException.class)
			.isThrownBy(() -> this.adapter.infer(this.model,
					List.of(new Tensor("input", "FP32", List.of(9L, 3L, 4L, 4L), values))))
			.withMessageContaining("lantern.vision.uploads.max-images");
		assertThat(this.received).isEmpty();
	}

	@Test
	void aFloodOfLargeImagesIsRefusedBeforeAnyIsDecoded() {
		// 3 x 36 megapixels: over the 100 the test limits allow a request
		String large = Base64.getEncoder().encodeToString(TestImages.blackPng(6000, 6000));
		assertThatExceptionOfType(TooLargeException.class)
			.isThrownBy(() -> this.adapter.infer(this.model,
					List.of(new Tensor("image", "BYTES", List.of(3L), List.of(large, large, large)))))
			.withMessageContaining("lantern.vision.uploads.max-request-source-pixels")
			.satisfies((ex) -> assertThat(ex.details()).containsEntry("file", "image[2]"));
		assertThat(this.received).isEmpty();
	}

	@Test
	void classifiesBase64Images() {
		String png = Base64.getEncoder().encodeToString(TestImages.png(TestImages.solid(9, 7, Color.RED)));
		String jpeg = Base64.getEncoder().encodeToString(TestImages.jpeg(TestImages.solid(9, 7, Color.BLUE)));
		List<Tensor> out = this.adapter.infer(this.model,
				List.of(new Tensor("image", "BYTES", List.of(2L), List.of(png, jpeg))));
		assertThat(out.get(0).shape()).containsExactly(2L, 2L);
		assertThat(List.copyOf(out.get(0).data())).isEqualTo(List.of(0.25f, 0.75f, 0.25f, 0.75f));
		assertThat(List.copyOf(out.get(1).data())).isEqualTo(List.of("dog", "dog"));
		assertThat(this.received).extracting((input) -> input.image().getWidth()).containsExactly(9, 9);
	}

	@Test
	void takesNormalizedTensorsOfTheModelsShape() {
		List<Object> values = new ArrayList<>(Collections.nCopies(3 * 4 * 4, (Object) 0.5));
		this.adapter.infer(this.model, List.of(new Tensor("input", "FP32", List.of(1L, 3L, 4L, 4L), values)));
		assertThat(this.received.get(0).tensor()).hasSize(48).contains(0.5f);
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.adapter.infer(this.model,
					List.of(new Tensor("input", "FP32", List.of(1L, 3L, 8L, 8L), values))))
			.withMessageContaining("[N, 3, 4, 4]");
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(
				() -> this.adapter.infer(this.model, List.of(new Tensor("input", "INT64", List.of(1L), List.of(1)))))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("input"));
	}

	@Test
	void badBase64NamesTheTensor() {
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.adapter.infer(this.model,
					List.of(new Tensor("image", "BYTES", List.of(1L), List.of("%%%")))))
			.withMessageContaining("image[0]")
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("image"));
	}

}
