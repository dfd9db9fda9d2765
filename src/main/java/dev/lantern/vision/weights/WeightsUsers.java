package dev.lantern.vision.weights;

import java.util.Optional;

/**
 * What may still use imported weights, asked before they are deleted: a feature whose
 * queued or running work names weights implements it as a bean.
 */
public interface WeightsUsers {

	/**
	 * What uses the weights, as a phrase for a message (such as
	 * {@code "vision-train job 1f0c... (queued or running)"}), or empty when nothing
	 * does.
	 * @param weightsId the weights' id
	 */
	Optional<String> userOf(String weightsId);

}
