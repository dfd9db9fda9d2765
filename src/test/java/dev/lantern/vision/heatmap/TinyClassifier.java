package dev.lantern.vision.heatmap;

import java.util.Random;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A tiny convolutional classifier with fastai's head (concat pooling, BatchNorm, dropout,
 * dense, BatchNorm, dropout, output), in double precision for exact gradient checks.
 */
final class TinyClassifier {

	static final String BODY = "body_out";

	static final String[] HEAD = { "pool_avg", "pool_max", "concat", "bn1", "drop1", "fc1", "bn2", "drop2", "out" };

	private TinyClassifier() {
	}

	/**
	 * The whole classifier on [1, 3, size, size] images, with randomized BatchNorm
	 * statistics.
	 */
	static ComputationGraph full(int size, int classes, long seed) {
		var builder = base(seed).graphBuilder()
			.addInputs("image")
			.addLayer("conv",
					new ConvolutionLayer.Builder(3, 3).nIn(3)
						.nOut(4)
						.padding(1, 1)
						.activation(Activation.IDENTITY)
						.build(),
					"image")
			.addLayer(BODY, new ActivationLayer(Activation.RELU), "conv");
		head(builder, BODY, classes).setInputTypes(InputType.convolutional(size, size, 3));
		ComputationGraph graph = new ComputationGraph(builder.build());
		graph.init();
		randomizeBatchNorm(graph, seed);
		return graph;
	}

	/**
	 * The head alone, taking the body's activations [1, 4, size, size], with the
	 * parameters of {@code full}.
	 */
	static ComputationGraph headOf(ComputationGraph full, int size, int classes) {
		var builder = base(0).graphBuilder().addInputs(BODY);
		head(builder, BODY, classes).setInputTypes(InputType.convolutional(size, size, 4));
		ComputationGraph head = new ComputationGraph(builder.build());
		head.init();
		for (String layer : HEAD) {
			if (full.getLayer(layer) != null && full.getLayer(layer).numParams() > 0) {
				head.getLayer(layer).setParams(full.getLayer(layer).params().dup());
			}
		}
		return head;
	}

	private static NeuralNetConfiguration.Builder base(long seed) {
		return new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE);
	}

	private static ComputationGraphConfiguration.GraphBuilder head(ComputationGraphConfiguration.GraphBuilder builder,
			String input, int classes) {
		return builder.addLayer("pool_avg", new GlobalPoolingLayer(PoolingType.AVG), input)
			.addLayer("pool_max", new GlobalPoolingLayer(PoolingType.MAX), input)
			.addVertex("concat", new MergeVertex(), "pool_avg", "pool_max")
			.addLayer("bn1", new BatchNormalization.Builder().activation(Activation.IDENTITY).build(), "concat")
			.addLayer("drop1", new DropoutLayer(0.75), "bn1")
			.addLayer("fc1", new DenseLayer.Builder().nOut(6).activation(Activation.RELU).build(), "drop1")
			.addLayer("bn2", new BatchNormalization.Builder().activation(Activation.IDENTITY).build(), "fc1")
			.addLayer("drop2", new DropoutLayer(0.5), "bn2")
			.addLayer("out",
					new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
						.activation(Activation.SOFTMAX)
						.build(),
					"drop2")
			.setOutputs("out");
	}

	private static void randomizeBatchNorm(ComputationGraph graph, long seed) {
		Random random = new Random(seed);
		for (String name : new String[] { "bn1", "bn2" }) {
			var layer = graph.getLayer(name);
			long n = layer.getParam("mean").length();
			layer.setParam("mean", Nd4j.rand(DataType.DOUBLE, 1, n).subi(0.5));
			layer.setParam("log10stdev", Nd4j.rand(DataType.DOUBLE, 1, n).subi(0.5).muli(0.6));
			layer.setParam("gamma", Nd4j.rand(DataType.DOUBLE, 1, n).addi(0.5 + random.nextDouble()));
			layer.setParam("beta", Nd4j.rand(DataType.DOUBLE, 1, n).subi(0.5));
		}
	}

}
