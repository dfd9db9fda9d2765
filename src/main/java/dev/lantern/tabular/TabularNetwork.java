package dev.lantern.tabular;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.ShiftVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import dev.lantern.training.DecoupledWeightDecay;
import dev.lantern.training.OneCycleSchedule;
import dev.lantern.training.TrainingFootprint;

/**
 * Builds fastai's {@code TabularModel} as a DL4J {@link ComputationGraph}: one
 * {@link EmbeddingLayer} per categorical column (input {@code cat_<column>}, shape
 * [batch, 1]), the merged embeddings through a dropout layer, the continuous input
 * ({@code cont}) through BatchNorm, then per hidden layer Dense + ReLU, BatchNorm and
 * dropout, and a sigmoid output scaled to the y range, trained with MSE.
 */
final class TabularNetwork {

	static final String CONTINUOUS_INPUT = "cont";

	static final String OUTPUT = "output";

	private TabularNetwork() {
	}

	/**
	 * fastai's embedding size rule: {@code min(600, round(1.6 * n^0.56))} for a column of
	 * {@code n} classes ({@code #na#} included).
	 */
	static int embeddingSize(int cardinality) {
		return (int) Math.min(600, Math.round(1.6 * Math.pow(cardinality, 0.56)));
	}

	static String categoricalInput(String column) {
		return "cat_" + column;
	}

	/**
	 * Builds and initialises the graph.
	 * @param procs the fitted procs: the columns, their cardinalities
	 * @param settings the architecture and optimiser settings
	 * @param yMax the top of the y range (the bottom is 0)
	 * @param totalIterations the number of optimiser steps, for the one-cycle schedule
	 */
	static ComputationGraph build(TabularProcs procs, TabularSettings settings, double yMax, long totalIterations) {
		ComputationGraph network = new ComputationGraph(configuration(procs, settings, yMax, totalIterations));
		network.init();
		DecoupledWeightDecay.apply(network, settings.weightDecay());
		return network;
	}

	/**
	 * What training the network takes in memory at the settings' batch size, estimated
	 * from its configuration: no array is allocated.
	 * @param procs the fitted procs: the columns, their cardinalities
	 * @param settings the architecture and batch size
	 */
	static TrainingFootprint footprint(TabularProcs procs, TabularSettings settings) {
		List<InputType> inputs = new ArrayList<>();
		for (int i = 0; i < procs.categorical().size(); i++) {
			inputs.add(InputType.feedForward(1));
		}
		if (!procs.continuous().isEmpty()) {
			inputs.add(InputType.feedForward(procs.continuous().size()));
		}
		return TrainingFootprint.of(configuration(procs, settings, 1, 1), settings.batchSize(), CacheMode.NONE,
				inputs.toArray(new InputType[0]));
	}

	/**
	 * The smallest network the settings can give on any data: no categorical column and
	 * one continuous column. What training it takes is a lower bound for every dataset,
	 * known before the data is read.
	 */
	static TrainingFootprint smallestFootprint(TabularSettings settings) {
		return footprint(new TabularProcs(List.of(), List.of(new TabularProcs.Continuous("x", 0, 0, 1))), settings);
	}

	private static ComputationGraphConfiguration configuration(TabularProcs procs, TabularSettings settings,
			double yMax, long totalIterations) {
		ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder().seed(settings.seed())
			.dataType(DataType.FLOAT)
			.updater(Adam.builder()
				.learningRateSchedule(new OneCycleSchedule(settings.learningRate(), Math.toIntExact(totalIterations)))
				.beta1(0.9)
				.beta2(0.99)
				.epsilon(1e-5)
				.build())
			.graphBuilder();
		List<String> inputs = new ArrayList<>();
		List<String> embeddings = new ArrayList<>();
		int embeddingWidth = 0;
		for (TabularProcs.Categorical column : procs.categorical()) {
			String input = categoricalInput(column.name());
			inputs.add(input);
			int size = embeddingSize(column.cardinality());
			String layer = "emb_" + column.name();
			// nIn set here: setInputTypes would overwrite it with 1.
			graph.addLayer(layer,
					new EmbeddingLayer.Builder().nIn(column.cardinality())
						.nOut(size)
						.hasBias(false)
						.activation(Activation.IDENTITY)
						.weightInit(new WeightInitDistribution(new NormalDistribution(0, 0.01)))
						.build(),
					input);
			embeddings.add(layer);
			embeddingWidth += size;
		}
		int continuousWidth = procs.continuous().size();
		if (continuousWidth > 0) {
			inputs.add(CONTINUOUS_INPUT);
		}
		graph.addInputs(inputs);
		List<String> merged = new ArrayList<>();
		if (!embeddings.isEmpty()) {
			graph.addVertex("emb_merge", new MergeVertex(), embeddings.toArray(new String[0]));
			String last = "emb_merge";
			if (settings.embeddingDropout() > 0) {
				// DL4J's dropout argument is the probability of keeping a unit.
				graph.addLayer("emb_drop",
						new DropoutLayer.Builder(1 - settings.embeddingDropout()).nIn(embeddingWidth)
							.nOut(embeddingWidth)
							.build(),
						last);
				last = "emb_drop";
			}
			merged.add(last);
		}
		if (continuousWidth > 0) {
			graph.addLayer("bn_cont",
					new BatchNormalization.Builder().nIn(continuousWidth)
						.nOut(continuousWidth)
						.activation(Activation.IDENTITY)
						.build(),
					CONTINUOUS_INPUT);
			merged.add("bn_cont");
		}
		String last;
		if (merged.size() > 1) {
			graph.addVertex("merge", new MergeVertex(), merged.toArray(new String[0]));
			last = "merge";
		}
		else {
			last = merged.get(0);
		}
		int width = embeddingWidth + continuousWidth;
		for (int i = 0; i < settings.layers().size(); i++) {
			int size = settings.layers().get(i);
			String dense = "dense_" + i;
			graph.addLayer(dense,
					new DenseLayer.Builder().nIn(width)
						.nOut(size)
						.activation(Activation.RELU)
						.weightInit(WeightInit.RELU)
						.build(),
					last);
			graph.addLayer("bn_" + i,
					new BatchNormalization.Builder().nIn(size).nOut(size).activation(Activation.IDENTITY).build(),
					dense);
			last = "bn_" + i;
			double p = settings.dropout().get(i);
			if (p > 0) {
				graph.addLayer("drop_" + i, new DropoutLayer.Builder(1 - p).nIn(size).nOut(size).build(), last);
				last = "drop_" + i;
			}
			width = size;
		}
		graph.addLayer("linear_out",
				new DenseLayer.Builder().nIn(width)
					.nOut(1)
					.activation(Activation.SIGMOID)
					.weightInit(WeightInit.XAVIER)
					.build(),
				last);
		graph.addVertex("y_scale", new ScaleVertex(yMax), "linear_out");
		graph.addVertex("y_shift", new ShiftVertex(0), "y_scale");
		graph.addLayer(OUTPUT,
				new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build(),
				"y_shift");
		graph.setOutputs(OUTPUT);
		return graph.build();
	}

}
