package dev.lantern.tabular;

/**
 * The batch size, peak learning rate and epochs of a fit whose spec and configuration
 * leave them open, chosen from the number of training rows: small tables get fastai's
 * batch of 64, a higher rate and enough epochs for {@value #MIN_STEPS} optimiser steps;
 * Kaggle-size ones Lesson 6's 5 epochs at 1e-3 with a batch of 512, which keeps a CPU
 * busy. Measured in {@code TabularDefaultsBenchmark} (docs/tabular.md, "Defaults that fit
 * the data").
 */
final class DataSizedDefaults {

	/** fastai's default batch size. */
	static final int MIN_BATCH = 64;

	/** The batch of Kaggle-size tables: fewer, larger steps keep 2 cores busy. */
	static final int MAX_BATCH = 512;

	/** The batch grows (in powers of two) only while an epoch keeps this many steps. */
	static final int STEPS_PER_EPOCH = 256;

	/** Lesson 6's peak rate, used at the largest batch. */
	static final double RATE_AT_MAX_BATCH = 1e-3;

	/** Lesson 6's epochs: the fewest a fit gets. */
	static final int MIN_EPOCHS = 5;

	/** The most epochs the rule gives a small table. */
	static final int MAX_EPOCHS = 20;

	/** Small tables get epochs until the one-cycle schedule has this many steps. */
	static final int MIN_STEPS = 2000;

	private DataSizedDefaults() {
	}

	/**
	 * The largest power of two from {@value #MIN_BATCH} to {@value #MAX_BATCH} that still
	 * gives an epoch {@value #STEPS_PER_EPOCH} steps.
	 * @param trainRows the number of training rows
	 */
	static int batchSize(int trainRows) {
		int batch = MIN_BATCH;
		while (batch < MAX_BATCH && (long) trainRows / (2L * batch) >= STEPS_PER_EPOCH) {
			batch *= 2;
		}
		return batch;
	}

	/**
	 * The peak rate for a batch size: Lesson 6's 1e-3 at {@value #MAX_BATCH}, higher for
	 * smaller batches as {@code 1e-3 * sqrt(512 / batch)} (about 2.8e-3 at 64): small
	 * tables give the one-cycle schedule few steps.
	 * @param batchSize the batch size
	 */
	static double learningRate(int batchSize) {
		return RATE_AT_MAX_BATCH * Math.sqrt((double) MAX_BATCH / Math.max(1, batchSize));
	}

	/**
	 * Enough epochs for {@value #MIN_STEPS} steps, from {@value #MIN_EPOCHS} to
	 * {@value #MAX_EPOCHS}.
	 * @param trainRows the number of training rows
	 * @param batchSize the batch size
	 */
	static int epochs(int trainRows, int batchSize) {
		long steps = Math.max(1, ((long) trainRows + batchSize - 1) / batchSize);
		long epochs = (MIN_STEPS + steps - 1) / steps;
		return (int) Math.max(MIN_EPOCHS, Math.min(MAX_EPOCHS, epochs));
	}

}
