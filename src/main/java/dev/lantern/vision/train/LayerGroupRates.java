package dev.lantern.vision.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.nd4j.linalg.schedule.ISchedule;

import dev.lantern.vision.nets.VisionNet;

/**
 * Discriminative learning rates over a network's layer groups, in one place as fastai
 * v1's {@code Learner.lr_range}: {@link #slice(double, int)} and
 * {@link #slice(double, double, int)} give each group its peak rate, {@link #apply} gives
 * each layer its group's rate or schedule.
 */
final class LayerGroupRates {

	private LayerGroupRates() {
	}

	/**
	 * fastai's {@code slice(hi)}: {@code hi / 10} for every group but the last, which
	 * gets {@code hi}.
	 * @param hi the last group's rate
	 * @param groups the number of groups
	 * @return one rate per group, input side first
	 */
	static double[] slice(double hi, int groups) {
		check(hi, groups);
		double[] rates = new double[groups];
		for (int g = 0; g < groups; g++) {
			rates[g] = (g == groups - 1) ? hi : hi / 10;
		}
		return rates;
	}

	/**
	 * fastai's {@code slice(lo, hi)}: rates spread geometrically from {@code lo} for the
	 * first group to {@code hi} for the last ({@code even_mults}). With {@code lo = 0}
	 * every group but the last gets 0 and stays as it is (fastai would read
	 * {@code slice(0, hi)} as {@code slice(hi)}).
	 * @param lo the first group's rate
	 * @param hi the last group's rate
	 * @param groups the number of groups
	 * @return one rate per group, input side first
	 */
	static double[] slice(double lo, double hi, int groups) {
		check(hi, groups);
		check(lo, groups);
		double[] rates = new double[groups];
		for (int g = 0; g < groups; g++) {
			if (g == groups - 1) {
				rates[g] = hi;
			}
			else if (lo == 0) {
				rates[g] = 0;
			}
			else {
				rates[g] = lo * Math.pow(hi / lo, (double) g / (groups - 1));
			}
		}
		return rates;
	}

	/**
	 * Gives every layer of each of the network's trainable layer groups that group's
	 * rate, and the layers a freeze left out of them (which DL4J does not freeze itself)
	 * rate 0, then starts the optimizer afresh, as fastai v1 does when a training stage
	 * starts.
	 * @param rates one per layer group, input side first: a {@link Double} or an
	 * {@link ISchedule}
	 */
	static void apply(VisionNet net, List<?> rates) {
		List<List<String>> groups = net.layerGroups();
		List<List<String>> trainable = net.trainableLayerGroups();
		if (rates.size() != groups.size()) {
			throw new IllegalArgumentException(
					"Expected " + groups.size() + " learning rates (one per layer group), got " + rates.size());
		}
		Map<String, Object> byLayer = new LinkedHashMap<>();
		for (int g = 0; g < groups.size(); g++) {
			for (String name : groups.get(g)) {
				if (trainable.get(g).contains(name)) {
					byLayer.put(name, rates.get(g));
				}
				else if (!frozenByDl4j(net.graph().getLayer(name))) {
					byLayer.put(name, 0.0);
				}
			}
		}
		LayerLearningRates.apply(net.graph(), byLayer);
	}

	private static boolean frozenByDl4j(Layer layer) {
		return layer instanceof FrozenLayer || layer instanceof FrozenLayerWithBackprop;
	}

	private static void check(double rate, int groups) {
		if (!(rate >= 0 && rate < Double.POSITIVE_INFINITY) || groups < 1) {
			throw new IllegalArgumentException(
					"Learning rates must be finite and at least 0, and groups at least 1; got " + rate + ", " + groups);
		}
	}

}
