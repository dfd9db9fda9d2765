package dev.lantern.vision.serve;

import java.util.List;

import dev.lantern.vision.serve.ClassProbabilities.Prediction;

/**
 * The answer of a classify request.
 *
 * @param model the model's name
 * @param version the version that classified
 * @param results one result per image, in the order sent
 */
record ClassifyResponse(String model, int version, List<ImageResult> results) {

	/**
	 * The top-k classes of one image.
	 *
	 * @param file the image's file name (or the part's name; {@code body} for a raw body)
	 * @param predictions the most probable classes, the most probable first
	 */
	record ImageResult(String file, List<Prediction> predictions) {

	}

}
