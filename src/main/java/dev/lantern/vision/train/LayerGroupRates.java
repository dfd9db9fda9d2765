package dev.lantern.vision.train;

/**
 * fastai's discriminative learning rates over layer groups ({@code lr_range}).
 */
final class LayerGroupRates {

	private LayerGroupRates() {
	}

	/**
	 * The peak learning rate of each of {@code groups} groups, input side first.
	 * @param singleHead fastai's {@code slice(hi)}: every group but the last gets
	 * {@code lo}, the last {@code hi}; otherwise {@code slice(lo, hi)}: rates spread
	 * geometrically from {@code lo} to {@code hi}
	 */
	static double[] slice(double lo, double hi, int groups, boolean singleHead) {
		double[] rates = new double[groups];
		for (int g = 0; g < groups; g++) {
			if (g == groups - 1) {
				rates[g] = hi;
			}
			else if (singleHead || lo <= 0) {
				rates[g] = lo;
			}
			else {
				rates[g] = lo * Math.pow(hi / lo, (double) g / (groups - 1));
			}
		}
		return rates;
	}

}
