package dev.lantern.vision.nets;

import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * fastai v1's {@code create_head(nf, nc, ps=0.5, concat_pool=True, bn_final=False)} as
 * graph vertices named {@code head.*}: <pre>
 * head.maxpool, head.avgpool  AdaptiveConcatPool2d (max first, as fastai)
 * head.concat                 concatenation, already flat
 * head.bn1                    BatchNorm1d(nf)
 * head.fc1                    Dropout(ps/2), Linear(nf, hidden), ReLU
 * head.bn2                    BatchNorm1d(hidden)
 * head.fc2 / head.out         Dropout(ps), Linear(hidden, classes)
 * head.bnFinal                BatchNorm1d(classes, momentum 0.01), with bnFinal only
 * head.out                    softmax with negative log-likelihood (fastai's CrossEntropyFlat)
 * </pre> DL4J applies a layer's dropout to its input, so {@code head.fc1}'s dropout is
 * fastai's dropout between {@code bn1} and the linear layer. DL4J dropout arguments are
 * retain probabilities ({@code 1 - p}).
 */
final class FastaiHead {

	/** Where a head's vertices go: a new graph or a transfer-learning builder. */
	interface Sink {

		void layer(String name, Layer layer, String... inputs);

		void vertex(String name, GraphVertex vertex, String... inputs);

	}

	private FastaiHead() {
	}

	/**
	 * Adds the head after {@code bodyOutput}.
	 * @param bodyChannels the channels of the body's output ({@code nf / 2})
	 */
	static void add(Sink graph, String bodyOutput, int bodyChannels, int classes, HeadOptions options) {
		int features = 2 * bodyChannels;
		graph.layer(VisionNet.HEAD_PREFIX + "maxpool", new GlobalPoolingLayer.Builder(PoolingType.MAX).build(),
				bodyOutput);
		graph.layer(VisionNet.HEAD_PREFIX + "avgpool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(),
				bodyOutput);
		graph.vertex(VisionNet.HEAD_PREFIX + "concat", new MergeVertex(), VisionNet.HEAD_PREFIX + "maxpool",
				VisionNet.HEAD_PREFIX + "avgpool");
		graph.layer(VisionNet.HEAD_PREFIX + "bn1", batchNorm(features, 0.9), VisionNet.HEAD_PREFIX + "concat");
		graph.layer(VisionNet.HEAD_PREFIX + "fc1",
				new DenseLayer.Builder().nIn(features)
					.nOut(options.hidden())
					.activation(Activation.RELU)
					.dropOut(dropout(options.firstDropout()))
					.build(),
				VisionNet.HEAD_PREFIX + "bn1");
		graph.layer(VisionNet.HEAD_PREFIX + "bn2", batchNorm(options.hidden(), 0.9), VisionNet.HEAD_PREFIX + "fc1");
		if (!options.bnFinal()) {
			graph.layer(VisionNet.OUTPUT,
					new OutputLayer.Builder(LossFunction.NEGATIVELOGLIKELIHOOD).nIn(options.hidden())
						.nOut(classes)
						.activation(Activation.SOFTMAX)
						.dropOut(dropout(options.ps()))
						.build(),
					VisionNet.HEAD_PREFIX + "bn2");
			return;
		}
		graph.layer(VisionNet.HEAD_PREFIX + "fc2",
				new DenseLayer.Builder().nIn(options.hidden())
					.nOut(classes)
					.activation(Activation.IDENTITY)
					.dropOut(dropout(options.ps()))
					.build(),
				VisionNet.HEAD_PREFIX + "bn2");
		graph.layer(VisionNet.HEAD_PREFIX + "bnFinal", batchNorm(classes, 0.99), VisionNet.HEAD_PREFIX + "fc2");
		graph.layer(VisionNet.OUTPUT,
				new LossLayer.Builder(LossFunction.NEGATIVELOGLIKELIHOOD).activation(Activation.SOFTMAX).build(),
				VisionNet.HEAD_PREFIX + "bnFinal");
	}

	/** A dropout of probability {@code p}, or none for 0. */
	private static IDropout dropout(double p) {
		return (p > 0) ? new Dropout(1 - p) : null;
	}

	/**
	 * A BatchNorm1d; DL4J's decay is 1 - PyTorch's momentum (0.1, or 0.01 for bn_final).
	 */
	private static BatchNormalization batchNorm(int features, double decay) {
		return new BatchNormalization.Builder().nIn(features).nOut(features).decay(decay).build();
	}

}
