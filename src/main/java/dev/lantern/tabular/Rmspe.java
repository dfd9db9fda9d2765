package dev.lantern.tabular;

/**
 * Root mean squared percentage error, Rossmann's Kaggle metric, on predictions of the log
 * target ({@code exp_rmspe} in the lesson).
 */
final class Rmspe {

	private Rmspe() {
	}

	/** RMSPE of {@code exp(logPredictions)} against the targets. */
	static double ofLog(float[] logPredictions, double[] targets) {
		double sum = 0;
		for (int i = 0; i < targets.length; i++) {
			double error = (targets[i] - Math.exp(logPredictions[i])) / targets[i];
			sum += error * error;
		}
		return Math.sqrt(sum / targets.length);
	}

	/** RMSPE of predictions against the targets. */
	static double of(double[] predictions, double[] targets) {
		double sum = 0;
		for (int i = 0; i < targets.length; i++) {
			double error = (targets[i] - predictions[i]) / targets[i];
			sum += error * error;
		}
		return Math.sqrt(sum / targets.length);
	}

	/** The mean squared error between predictions and the log of the targets. */
	static double logMse(float[] logPredictions, double[] targets) {
		double sum = 0;
		for (int i = 0; i < targets.length; i++) {
			double error = logPredictions[i] - Math.log(targets[i]);
			sum += error * error;
		}
		return sum / targets.length;
	}

}
