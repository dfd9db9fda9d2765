package dev.lantern.vision.nets;

import java.util.Arrays;

/**
 * Discriminative learning rates: one rate per layer group, as fastai's
 * {@code slice(lo, hi)}.
 */
public final class LearningRates {

	private LearningRates() {
	}

	/**
	 * fastai's {@code slice(lo, hi)}: rates spaced geometrically from {@code lo} for the
	 * first group to {@code hi} for the last ({@code even_mults}).
	 * @param lo the first group's rate
	 * @param hi the last group's rate
	 * @param groups the number of groups
	 * @return one rate per group
	 */
	public static double[] slice(double lo, double hi, int groups) {
		check(lo > 0 && hi > 0 && groups > 0, "rates must be positive and groups at least 1");
		double[] rates = new double[groups];
		if (groups == 1) {
			rates[0] = hi;
			return rates;
		}
		double step = Math.pow(hi / lo, 1.0 / (groups - 1));
		for (int i = 0; i < groups; i++) {
			rates[i] = lo * Math.pow(step, i);
		}
		rates[groups - 1] = hi;
		return rates;
	}

	/**
	 * fastai's {@code slice(hi)}: {@code hi / 10} for every group but the last, which
	 * gets {@code hi}.
	 * @param hi the last group's rate
	 * @param groups the number of groups
	 * @return one rate per group
	 */
	public static double[] slice(double hi, int groups) {
		check(hi > 0 && groups > 0, "the rate must be positive and groups at least 1");
		double[] rates = new double[groups];
		Arrays.fill(rates, hi / 10);
		rates[groups - 1] = hi;
		return rates;
	}

	private static void check(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

}
