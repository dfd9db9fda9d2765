package dev.lantern.vision.serve;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.lantern.models.Inference;
import dev.lantern.models.ModelVersionInfo;
import dev.lantern.models.OpenInferenceAdapter;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.vision.image.ImageUploads;
import dev.lantern.vision.image.ImageUploads.Upload;
import dev.lantern.vision.model.VisionVersion;

import org.springframework.stereotype.Component;

/**
 * Serves vision models through the Open Inference Protocol. Input: one tensor, either
 * {@code BYTES} of shape [N] holding base64-encoded JPEG or PNG images, or {@code FP32}
 * of shape [N, 3, size, size] already ImageNet-normalized. Outputs: {@code probabilities}
 * ({@code FP32} [N, classes]) and {@code label} ({@code BYTES} [N], the most probable
 * class).
 */
@Component
class VisionOpenInferenceAdapter implements OpenInferenceAdapter {

	private final Inference inference;

	private final ClassifyOperation classify;

	private final ImageUploads uploads;

	VisionOpenInferenceAdapter(Inference inference, ClassifyOperation classify, ImageUploads uploads) {
		this.inference = inference;
		this.classify = classify;
		this.uploads = uploads;
	}

	@Override
	public String kind() {
		return VisionModel.KIND;
	}

	@Override
	public List<TensorSpec> inputs(ModelVersionInfo model) {
		long size = VisionVersion.of(model).imageSize();
		return List.of(new TensorSpec("image", "BYTES", List.of(-1L)),
				new TensorSpec("input", "FP32", List.of(-1L, 3L, size, size)));
	}

	@Override
	public List<TensorSpec> outputs(ModelVersionInfo model) {
		return List.of(
				new TensorSpec("probabilities", "FP32", List.of(-1L, (long) VisionVersion.of(model).labels().size())),
				new TensorSpec("label", "BYTES", List.of(-1L)));
	}

	@Override
	public List<Tensor> infer(ModelVersionInfo model, List<Tensor> inputs) {
		if (inputs.size() != 1) {
			throw InvalidInputException.field("inputs",
					"Send exactly one input tensor: 'image' (BYTES, base64 images) or 'input' (FP32 [N,3,H,W])");
		}
		VisionVersion version = VisionVersion.of(model);
		Tensor tensor = inputs.get(0);
		List<ClassifyInput> batch = switch (tensor.datatype()) {
			case "BYTES" -> images(tensor, version.imageSize());
			case "FP32" -> tensors(tensor, version.imageSize());
			default -> throw InvalidInputException.field(tensor.name(),
					"Tensor '" + tensor.name() + "' must be BYTES (base64 images) or FP32; got " + tensor.datatype());
		};
		List<ClassProbabilities> outputs = this.inference.runAll(version.name(), version.version(), this.classify,
				batch);
		int classes = version.labels().size();
		List<Float> probabilities = new ArrayList<>();
		List<String> labels = new ArrayList<>();
		for (ClassProbabilities output : outputs) {
			for (float p : output.probabilities()) {
				probabilities.add(p);
			}
			labels.add(output.top(1).get(0).label());
		}
		long n = outputs.size();
		return List.of(new Tensor("probabilities", "FP32", List.of(n, (long) classes), probabilities),
				new Tensor("label", "BYTES", List.of(n), labels));
	}

	private List<ClassifyInput> images(Tensor tensor, int size) {
		this.uploads.checkCount(tensor.data().size(), tensor.name());
		List<Upload> sent = new ArrayList<>();
		for (int i = 0; i < tensor.data().size(); i++) {
			String name = tensor.name() + "[" + i + "]";
			byte[] data;
			try {
				data = Base64.getDecoder().decode(String.valueOf(tensor.data().get(i)));
			}
			catch (IllegalArgumentException ex) {
				throw InvalidInputException.field(tensor.name(), "'" + name + "' is not valid base64");
			}
			sent.add(new Upload(name, data));
		}
		return this.uploads.decodeAll(sent, ImageUploads.sideForModel(size), tensor.name())
			.stream()
			.map(ClassifyInput::of)
			.toList();
	}

	private List<ClassifyInput> tensors(Tensor tensor, int size) {
		List<Long> shape = tensor.shape();
		if (shape.size() != 4 || shape.get(1) != 3 || shape.get(2) != size || shape.get(3) != size) {
			throw InvalidInputException.field(tensor.name(),
					"Tensor '" + tensor.name() + "' must have shape [N, 3, " + size + ", " + size + "]; got " + shape);
		}
		this.uploads.checkCount(shape.get(0), tensor.name());
		int plane = 3 * size * size;
		long n = shape.get(0);
		if (tensor.data().size() != n * plane) {
			throw InvalidInputException.field(tensor.name(), "Tensor '" + tensor.name() + "' has "
					+ tensor.data().size() + " values; shape " + shape + " needs " + n * plane);
		}
		List<ClassifyInput> batch = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			float[] chw = new float[plane];
			for (int j = 0; j < plane; j++) {
				Object value = tensor.data().get(i * plane + j);
				if (!(value instanceof Number number) || !Float.isFinite(number.floatValue())) {
					throw InvalidInputException.field(tensor.name(), "Tensor '" + tensor.name()
							+ "' holds a non-number or a number beyond float range at index " + (i * plane + j));
				}
				chw[j] = number.floatValue();
			}
			batch.add(ClassifyInput.ofTensor(chw));
		}
		return batch;
	}

}
