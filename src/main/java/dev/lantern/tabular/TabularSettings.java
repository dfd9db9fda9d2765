package dev.lantern.tabular;

import java.util.List;

/**
 * The architecture and training settings of one fit. Defaults come from Lesson 6 unless
 * said otherwise (see {@link TabularProperties}).
 *
 * @param layers the hidden layer sizes
 * @param dropout the dropout probability after each hidden layer
 * @param embeddingDropout the dropout probability on the merged embeddings
 * @param yRangeHeadroom the top of the y range as a multiple of the largest log target
 * @param epochs how many epochs
 * @param learningRate the peak of the one-cycle learning rate
 * @param weightDecay the decoupled weight decay
 * @param batchSize rows per optimiser step
 * @param seed the random seed (weights, shuffling, random validation split)
 */
record TabularSettings(List<Integer> layers, List<Double> dropout, double embeddingDropout, double yRangeHeadroom,
		int epochs, double learningRate, double weightDecay, int batchSize, long seed) {

	TabularSettings {
		if (layers.size() != dropout.size()) {
			throw new IllegalArgumentException("layers and ps must have the same length");
		}
	}

	/** The same settings at another peak learning rate. */
	TabularSettings withLearningRate(double rate) {
		return new TabularSettings(this.layers, this.dropout, this.embeddingDropout, this.yRangeHeadroom, this.epochs,
				rate, this.weightDecay, this.batchSize, this.seed);
	}

}
