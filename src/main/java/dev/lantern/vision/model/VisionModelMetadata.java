package dev.lantern.vision.model;

import java.util.List;

import dev.lantern.vision.augment.TransformSettings;
import dev.lantern.vision.image.Normalization;

/**
 * What a served vision model needs besides its weights, stored as {@code vision.json}
 * beside {@code model.zip}.
 *
 * @param architecture the network's architecture
 * @param labels the class labels, in output order
 * @param imageSize the side of the square input
 * @param normalization the input normalization
 * @param pretrained whether the body started from pretrained weights
 * @param datasetId the dataset it was trained on
 * @param transforms the augmentation used in training
 * @param width the base width of a ResNet body, or null for the standard width (versions
 * stored before it was recorded read as null)
 * @param bnFinal whether the head ends with a BatchNorm, or null for no
 */
public record VisionModelMetadata(String architecture, List<String> labels, int imageSize, Normalization normalization,
		boolean pretrained, String datasetId, TransformSettings transforms, Integer width, Boolean bnFinal) {

	public VisionModelMetadata(String architecture, List<String> labels, int imageSize, Normalization normalization,
			boolean pretrained, String datasetId, TransformSettings transforms) {
		this(architecture, labels, imageSize, normalization, pretrained, datasetId, transforms, null, null);
	}

}
