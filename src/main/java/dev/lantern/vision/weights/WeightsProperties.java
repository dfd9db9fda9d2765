package dev.lantern.vision.weights;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on the weights files Lantern reads (PyTorch checkpoints and safetensors), each
 * checked before the work it bounds. Exceeding one is a {@code TooLargeException} naming
 * the property. The defaults fit torchvision's ResNets with room to spare: a resnet50
 * state dict saved by PyTorch 1.13 is 103 MB with 320 tensors and 25.6 million elements
 * (the largest tensor 2.4 million); its pickle is 39 KB, 10,898 opcodes and 2,767 memo
 * entries.
 *
 * @param maxFileSize the largest weights file (default 1GB; an upload is also bounded by
 * {@code lantern.limits.max-upload-size})
 * @param maxTensors the most tensors a file may hold, and the most storages a checkpoint
 * may declare; a checkpoint's zip may hold this many entries plus 16 (default 10000)
 * @param maxTensorElements the most elements one tensor may have (default 100000000)
 * @param maxTotalElements the most elements all tensors read from one file may have
 * together, 4 bytes each once read (default 200000000)
 * @param maxMetadataSize the largest checkpoint pickle ({@code data.pkl}) and the largest
 * safetensors JSON header (default 16MB)
 * @param maxPickleOperations the most opcodes a checkpoint's pickle may execute; each
 * creates at most one value (default 2000000)
 * @param maxPickleDepth how deep the pickle's values may nest (a state dict: 1 level; a
 * training checkpoint with Adam's state, saved by PyTorch 1.13: 5; default 32)
 * @param maxMemoEntries the most values a pickle may keep in its memo (default 1000000)
 */
@ConfigurationProperties("lantern.vision.weights")
@Validated
public record WeightsProperties(@NotNull DataSize maxFileSize, @Min(1) @Max(1_000_000) int maxTensors,
		@Min(1) @Max(Integer.MAX_VALUE - 8) long maxTensorElements, @Min(1) long maxTotalElements,
		@NotNull DataSize maxMetadataSize, @Min(1) int maxPickleOperations, @Min(1) @Max(10_000) int maxPickleDepth,
		@Min(1) int maxMemoEntries) {

	static final String PREFIX = "lantern.vision.weights.";

	public WeightsProperties {
		if (maxFileSize != null && maxFileSize.toBytes() < 1) {
			throw new IllegalArgumentException(PREFIX + "max-file-size must be positive");
		}
		if (maxMetadataSize != null && (maxMetadataSize.toBytes() < 1 || maxMetadataSize.toMegabytes() > 256)) {
			throw new IllegalArgumentException(PREFIX + "max-metadata-size must be between 1 byte and 256MB");
		}
	}

}
