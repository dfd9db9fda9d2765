package dev.lantern.vision.serve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A model's predicted distribution over its classes for one image.
 *
 * @param labels the classes
 * @param probabilities one probability per class
 */
public record ClassProbabilities(List<String> labels, float[] probabilities) {

	/**
	 * The {@code k} most probable classes, the most probable first (classes of equal
	 * probability in label order).
	 */
	public List<Prediction> top(int k) {
		List<Prediction> all = new ArrayList<>();
		for (int i = 0; i < this.labels.size(); i++) {
			all.add(new Prediction(this.labels.get(i), this.probabilities[i]));
		}
		all.sort(Comparator.comparingDouble(Prediction::probability).reversed());
		return List.copyOf(all.subList(0, Math.min(k, all.size())));
	}

	/**
	 * A class and its probability.
	 *
	 * @param label the class
	 * @param probability its probability
	 */
	public record Prediction(String label, double probability) {

	}

}
