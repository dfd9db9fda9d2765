package dev.lantern.vision.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import org.springframework.stereotype.Component;

/**
 * A small convolutional network in the spirit of fastai's {@code simple_cnn}: stride-2
 * 3x3 convolutions with BatchNorm and ReLU, then fastai's concatenated average and max
 * pooling and a linear layer. It has no pretrained weights; it trains quickly on small
 * images, which suits the synthetic pets and tests. Freezing sets the convolutions'
 * learning rate to zero and keeps BatchNorm trainable, as fastai's {@code train_bn}. It
 * ignores {@code bnFinal} and {@code pretrained} (it never has pretrained weights and
 * says so).
 */
@Component
public class SimpleCnn implements VisionNetworkFactory {

	/** Channels of the body's convolutions. */
	static final int[] CHANNELS = { 16, 32, 64, 64 };

	@Override
	public String architecture() {
		return "simple-cnn";
	}

	@Override
	public VisionNetwork create(NetworkSpec spec) {
		var graph = new NeuralNetConfiguration.Builder().seed(spec.seed())
			.updater(new Adam(1e-3))
			.weightDecay(spec.weightDecay())
			.weightInit(WeightInit.RELU)
			.graphBuilder()
			.addInputs("input")
			.setInputTypes(InputType.convolutional(spec.imageSize(), spec.imageSize(), 3));
		List<String> convs = new ArrayList<>();
		List<String> norms = new ArrayList<>();
		String previous = "input";
		for (int i = 0; i < CHANNELS.length; i++) {
			String conv = "conv" + i;
			String bn = "bn" + i;
			graph
				.addLayer(conv,
						new ConvolutionLayer.Builder(3, 3).stride(2, 2)
							.padding(1, 1)
							.nOut(CHANNELS[i])
							.activation(Activation.IDENTITY)
							.hasBias(false)
							.build(),
						previous)
				.addLayer(bn, new BatchNormalization.Builder().activation(Activation.IDENTITY).build(), conv)
				.addLayer("relu" + i, new ActivationLayer(Activation.RELU), bn);
			convs.add(conv);
			norms.add(bn);
			previous = "relu" + i;
		}
		graph.addLayer("avgpool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), previous)
			.addLayer("maxpool", new GlobalPoolingLayer.Builder(PoolingType.MAX).build(), previous)
			.addVertex("concat", new MergeVertex(), "avgpool", "maxpool")
			.addLayer("output",
					new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(spec.classes())
						.activation(Activation.SOFTMAX)
						.weightInit(WeightInit.XAVIER)
						.build(),
					"concat")
			.setOutputs("output");
		ComputationGraphConfiguration conf = graph.build();
		ComputationGraph net = new ComputationGraph(conf);
		net.init();
		return new Network(net, convs, norms);
	}

	private static final class Network implements VisionNetwork {

		private final ComputationGraph graph;

		private final List<String> convs;

		private final List<String> norms;

		private boolean frozen;

		Network(ComputationGraph graph, List<String> convs, List<String> norms) {
			this.graph = graph;
			this.convs = convs;
			this.norms = norms;
		}

		@Override
		public ComputationGraph graph() {
			return this.graph;
		}

		@Override
		public boolean pretrained() {
			return false;
		}

		@Override
		public void freeze() {
			Map<String, Double> zero = new LinkedHashMap<>();
			for (String conv : this.convs) {
				zero.put(conv, 0.0);
			}
			LayerLearningRates.apply(this.graph, zero);
			this.frozen = true;
		}

		@Override
		public void unfreeze() {
			this.frozen = false;
		}

		@Override
		public List<List<String>> trainableLayerGroups() {
			List<String> body = new ArrayList<>();
			for (int i = 0; i < this.convs.size(); i++) {
				if (!this.frozen) {
					body.add(this.convs.get(i));
				}
				body.add(this.norms.get(i));
			}
			return List.of(body, List.of("output"));
		}

	}

}
