package dev.lantern.vision.interpret;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How a model version does on its validation set, after fastai's
 * {@code ClassificationInterpretation}: the confusion matrix, the most confused pairs and
 * the top losses.
 *
 * @param labels the class labels, in the order of the matrix
 * @param images how many validation images
 * @param validLoss the mean cross-entropy
 * @param errorRate the share of images misclassified
 * @param confusion counts: row is the actual class, column the predicted one
 * @param mostConfused off-diagonal cells, the largest first
 * @param topLosses the images with the highest loss, the highest first
 */
public record Interpretation(List<String> labels, int images, double validLoss, double errorRate,
		List<List<Integer>> confusion, List<Confused> mostConfused, List<Loss> topLosses) {

	/** The number of top losses kept, as fastai's {@code plot_top_losses(9)}. */
	public static final int TOP_LOSSES = 9;

	/**
	 * A pair of classes the model mixes up.
	 *
	 * @param actual the true class
	 * @param predicted the class predicted instead
	 * @param count how many times
	 */
	public record Confused(String actual, String predicted, int count) {

	}

	/**
	 * One image and how wrong the model was on it.
	 *
	 * @param file the image's name in the dataset
	 * @param actual its class
	 * @param predicted the predicted class
	 * @param loss its cross-entropy
	 * @param probability the probability given to the actual class
	 */
	public record Loss(String file, String actual, String predicted, double loss, double probability) {

	}

	/** Collects predictions one image at a time. */
	public static final class Builder {

		private final List<String> labels;

		private final int[][] matrix;

		private final List<Loss> losses = new ArrayList<>();

		private double lossSum;

		private int images;

		private int errors;

		public Builder(List<String> labels) {
			this.labels = List.copyOf(labels);
			this.matrix = new int[labels.size()][labels.size()];
		}

		/**
		 * @param probabilities the predicted distribution over the classes
		 */
		public void add(String file, int actual, float[] probabilities) {
			int predicted = 0;
			for (int c = 1; c < probabilities.length; c++) {
				if (probabilities[c] > probabilities[predicted]) {
					predicted = c;
				}
			}
			double p = probabilities[actual];
			double loss = -Math.log(Math.max(p, 1e-12));
			this.matrix[actual][predicted]++;
			this.lossSum += loss;
			this.images++;
			if (predicted != actual) {
				this.errors++;
			}
			this.losses.add(new Loss(file, this.labels.get(actual), this.labels.get(predicted), loss, p));
		}

		public Interpretation build() {
			List<List<Integer>> confusion = new ArrayList<>();
			List<Confused> confused = new ArrayList<>();
			for (int a = 0; a < this.matrix.length; a++) {
				List<Integer> row = new ArrayList<>();
				for (int p = 0; p < this.matrix.length; p++) {
					row.add(this.matrix[a][p]);
					if (a != p && this.matrix[a][p] > 0) {
						confused.add(new Confused(this.labels.get(a), this.labels.get(p), this.matrix[a][p]));
					}
				}
				confusion.add(List.copyOf(row));
			}
			confused.sort(Comparator.comparingInt(Confused::count).reversed());
			List<Loss> top = this.losses.stream()
				.sorted(Comparator.comparingDouble(Loss::loss).reversed())
				.limit(TOP_LOSSES)
				.toList();
			double n = Math.max(1, this.images);
			return new Interpretation(this.labels, this.images, this.lossSum / n, this.errors / n,
					List.copyOf(confusion), List.copyOf(confused), top);
		}

	}

}
