package dev.lantern.vision.heatmap;

import java.util.HashMap;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.graph.vertex.impl.MergeVertex;
import org.deeplearning4j.nn.graph.vertex.impl.PreprocessorVertex;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The gradient of one class score (the logit, before softmax) with respect to a hooked
 * activation, by backpropagation by hand through the head in inference mode.
 * <p>
 * DL4J has no public call for the gradient at an intermediate activation, and its
 * BatchNorm backprop always uses the training-mode formula, which would give a wrong
 * Grad-CAM for fastai's head (it has two BatchNorm layers). In inference BatchNorm is a
 * per-feature affine map and dropout is the identity, so the exact gradient is a short
 * chain: output layer, dense layers with their activations, BatchNorm, dropout,
 * activation layers, concatenation and global average/max pooling.
 */
final class HeadGradient {

	private final ComputationGraph graph;

	private final Map<String, INDArray> activations;

	HeadGradient(ComputationGraph graph, Map<String, INDArray> activations) {
		this.graph = graph;
		this.activations = activations;
	}

	/**
	 * d logit[classIndex] / d activation(layer), for a batch of one.
	 * @param layer the hooked layer
	 * @param output the output layer's name
	 * @param classIndex the class whose score is differentiated
	 */
	INDArray gradient(String layer, String output, int classIndex) {
		Map<String, INDArray> gradients = new HashMap<>();
		int[] order = this.graph.topologicalSortOrder();
		GraphVertex[] vertices = this.graph.getVertices();
		boolean started = false;
		for (int i = order.length - 1; i >= 0; i--) {
			GraphVertex vertex = vertices[order[i]];
			String name = vertex.getVertexName();
			if (name.equals(layer)) {
				break;
			}
			INDArray gradient;
			if (name.equals(output)) {
				started = true;
				gradient = null;
			}
			else {
				gradient = gradients.get(name);
				if (gradient == null) {
					continue;
				}
			}
			if (!started) {
				continue;
			}
			backward(vertex, gradient, classIndex, gradients);
		}
		INDArray result = gradients.get(layer);
		if (result == null) {
			throw new IllegalStateException("The class score does not depend on layer '" + layer + "'");
		}
		return result;
	}

	private void backward(GraphVertex vertex, INDArray gradient, int classIndex, Map<String, INDArray> gradients) {
		VertexIndices[] inputs = vertex.getInputVertices();
		if (vertex instanceof MergeVertex) {
			long offset = 0;
			for (VertexIndices input : inputs) {
				String inputName = nameOf(input);
				long size = activation(inputName).size(1);
				INDArrayIndex[] slice = { NDArrayIndex.all(), NDArrayIndex.interval(offset, offset + size) };
				accumulate(gradients, inputName, gradient.get(slice).dup());
				offset += size;
			}
			return;
		}
		String inputName = nameOf(inputs[0]);
		INDArray input = activation(inputName);
		if (vertex instanceof PreprocessorVertex) {
			accumulate(gradients, inputName, gradient.reshape(input.shape()));
			return;
		}
		if (!(vertex instanceof LayerVertex layerVertex)) {
			throw unsupported(vertex);
		}
		InputPreProcessor preProcessor = layerVertex.getLayerPreProcessor();
		INDArray layerInput = (preProcessor != null)
				? preProcessor.preProcess(input.dup(), 1, LayerWorkspaceMgr.noWorkspaces()) : input;
		INDArray inputGradient = layerBackward(vertex, unwrap(layerVertex.getLayer()), layerInput, gradient,
				classIndex);
		if (preProcessor != null) {
			inputGradient = inputGradient.reshape(input.shape());
		}
		accumulate(gradients, inputName, inputGradient);
	}

	private INDArray layerBackward(GraphVertex vertex, Layer layer, INDArray input, INDArray gradient, int classIndex) {
		var conf = layer.conf().getLayer();
		if (conf instanceof BaseOutputLayer) {
			INDArray weights = layer.getParam("W");
			return weights.getColumn(classIndex).reshape(1, weights.size(0)).dup();
		}
		if (conf instanceof LossLayer) {
			// The loss layer's input is the logits: d logit[c] / d input is the one-hot
			// row.
			INDArray oneHot = Nd4j.zeros(input.dataType(), 1, input.size(1));
			oneHot.putScalar(0, classIndex, 1.0);
			return oneHot;
		}
		if (conf instanceof DenseLayer dense) {
			INDArray weights = layer.getParam("W");
			INDArray preActivation = input.mmul(weights).addiRowVector(layer.getParam("b"));
			INDArray delta = dense.getActivationFn().backprop(preActivation, gradient.dup()).getFirst();
			return delta.mmul(weights.transpose());
		}
		if (conf instanceof BatchNormalization batchNorm) {
			if (!(batchNorm.getActivationFn() instanceof ActivationIdentity)) {
				throw unsupported(vertex);
			}
			// Inference: y = gamma * (x - mean) / std + beta, std = sqrt(var + eps), kept
			// as log10(std)
			// when useLogStd is on (DL4J's default).
			INDArray std = batchNorm.isUseLogStd()
					? Transforms.exp(layer.getParam("log10stdev").mul(Math.log(10)), false)
					: Transforms.sqrt(layer.getParam("var").add(batchNorm.getEps()), false);
			INDArray scale = std.rdiv(1.0);
			if (!batchNorm.isLockGammaBeta()) {
				scale.muli(layer.getParam("gamma"));
			}
			else {
				scale.muli(batchNorm.getGamma());
			}
			return (gradient.rank() == 4) ? gradient.mul(scale.reshape(1, scale.length(), 1, 1))
					: gradient.mulRowVector(scale.reshape(scale.length()));
		}
		if (conf instanceof DropoutLayer) {
			return gradient;
		}
		if (conf instanceof ActivationLayer activation) {
			return activation.getActivationFn().backprop(input.dup(), gradient.dup()).getFirst();
		}
		if (conf instanceof GlobalPoolingLayer pooling && input.rank() == 4) {
			return globalPoolingBackward(pooling.getPoolingType(), input, gradient);
		}
		throw unsupported(vertex);
	}

	private static INDArray globalPoolingBackward(PoolingType type, INDArray input, INDArray gradient) {
		long channels = input.size(1);
		long height = input.size(2);
		long width = input.size(3);
		INDArray perChannel = gradient.reshape(1, channels, 1, 1);
		if (type == PoolingType.AVG) {
			return input.like().assign(perChannel.div(height * width).broadcast(input.shape()));
		}
		if (type == PoolingType.MAX) {
			INDArray maxima = input.max(2, 3).reshape(1, channels, 1, 1);
			INDArray isMax = input.dup();
			isMax.subi(maxima.broadcast(input.shape()));
			BooleanIndexing.replaceWhere(isMax, 1.0, Conditions.equals(0.0));
			BooleanIndexing.replaceWhere(isMax, 0.0, Conditions.notEquals(1.0));
			return isMax.muli(perChannel.broadcast(input.shape()));
		}
		throw new IllegalStateException("Grad-CAM cannot differentiate global " + type + " pooling");
	}

	private static Layer unwrap(Layer layer) {
		if (layer instanceof FrozenLayer frozen) {
			return frozen.getInsideLayer();
		}
		if (layer instanceof FrozenLayerWithBackprop frozen) {
			return frozen.getInsideLayer();
		}
		return layer;
	}

	private INDArray activation(String name) {
		INDArray activation = this.activations.get(name);
		if (activation == null) {
			throw new IllegalStateException("No activation recorded for '" + name + "'");
		}
		return activation;
	}

	private String nameOf(VertexIndices input) {
		return this.graph.getVertices()[input.getVertexIndex()].getVertexName();
	}

	private static void accumulate(Map<String, INDArray> gradients, String name, INDArray gradient) {
		gradients.merge(name, gradient, INDArray::add);
	}

	private static IllegalStateException unsupported(GraphVertex vertex) {
		String type = vertex.hasLayer() ? vertex.getLayer().conf().getLayer().getClass().getSimpleName()
				: vertex.getClass().getSimpleName();
		return new IllegalStateException(
				"Grad-CAM cannot differentiate through '" + vertex.getVertexName() + "' (" + type + ")");
	}

}
