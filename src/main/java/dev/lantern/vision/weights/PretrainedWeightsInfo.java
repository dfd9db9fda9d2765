package dev.lantern.vision.weights;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Imported pretrained weights as the API shows them.
 *
 * @param id their id
 * @param architecture the body they fit: {@code resnet18}, {@code resnet34} or
 * {@code resnet50} (torchvision's)
 * @param baseWidth the body's base width (torchvision: 64)
 * @param format the file's format: {@code pytorch} (torch.save) or {@code safetensors}
 * @param dtype the element type of the file's floating-point tensors ({@code F32},
 * {@code F16}, {@code BF16}, several joined by {@code +})
 * @param fileName the uploaded file's name
 * @param sha256 the SHA-256 of the file as uploaded (torchvision's file names carry its
 * first 8 hex digits)
 * @param parameters the elements of the tensors the body uses (convolution weights,
 * BatchNorm parameters and statistics)
 * @param bytes the file's size
 * @param ignoredTensors the file's tensors the body does not use ({@code fc.*},
 * {@code num_batches_tracked})
 * @param addedAt when they were imported
 */
@Schema(description = "Pretrained weights imported from a PyTorch checkpoint or a safetensors file")
public record PretrainedWeightsInfo(String id, String architecture, int baseWidth, String format, String dtype,
		String fileName, String sha256, long parameters, long bytes, List<String> ignoredTensors, Instant addedAt) {

}
