package dev.lantern.vision.train;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;

import dev.lantern.training.EpochMetrics;
import dev.lantern.training.LrFinderResult;
import dev.lantern.vision.interpret.Interpretation;

/**
 * What a fit produced.
 *
 * @param graph the trained graph
 * @param labels the class labels, in output order
 * @param history the figures of every epoch
 * @param interpretation the final model on the validation set, or null without one
 * @param lrFinds the learning-rate finder's sweeps by stage ({@code frozen},
 * {@code unfrozen}) for the stages whose rate was {@code auto}
 * @param learningRates the peak rate each stage trained at ({@code frozenLr},
 * {@code unfrozenLrMin}, {@code unfrozenLrMax})
 */
record TrainingResult(ComputationGraph graph, List<String> labels, List<EpochMetrics> history,
		Interpretation interpretation, Map<String, LrFinderResult> lrFinds, Map<String, Double> learningRates) {

}
