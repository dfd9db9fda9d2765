package dev.lantern.vision.train;

import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;

import dev.lantern.training.EpochMetrics;
import dev.lantern.vision.interpret.Interpretation;

/**
 * What a fit produced.
 *
 * @param graph the trained graph
 * @param labels the class labels, in output order
 * @param history the figures of every epoch
 * @param interpretation the final model on the validation set, or null without one
 */
record TrainingResult(ComputationGraph graph, List<String> labels, List<EpochMetrics> history,
		Interpretation interpretation) {

}
