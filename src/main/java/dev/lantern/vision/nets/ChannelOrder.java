package dev.lantern.vision.nets;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Moves the channels of convolutional activations to the front (NCHW) or to the back
 * (NHWC), as a graph vertex: the served ResNet body runs channels-last, where oneDNN's
 * convolutions take and give the activations without reordering them, inside a graph
 * whose input and head stay channels-first. DL4J has no such vertex of its own.
 */
final class ChannelOrder implements InputPreProcessor {

	private static final long serialVersionUID = 1L;

	private static final int[] TO_LAST = { 0, 2, 3, 1 };

	private static final int[] TO_FIRST = { 0, 3, 1, 2 };

	private final CNN2DFormat to;

	@JsonCreator
	ChannelOrder(@JsonProperty("to") CNN2DFormat to) {
		this.to = to;
	}

	/** The order it produces. */
	@JsonProperty("to")
	CNN2DFormat to() {
		return this.to;
	}

	@Override
	public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
		int[] permutation = (this.to == CNN2DFormat.NHWC) ? TO_LAST : TO_FIRST;
		return workspaceMgr.dup(ArrayType.ACTIVATIONS, input.permute(permutation), 'c');
	}

	@Override
	public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
		int[] permutation = (this.to == CNN2DFormat.NHWC) ? TO_FIRST : TO_LAST;
		return workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, output.permute(permutation), 'c');
	}

	@Override
	public InputType getOutputType(InputType inputType) {
		if (!(inputType instanceof InputType.InputTypeConvolutional convolutional)) {
			throw new IllegalArgumentException("Channel order applies to convolutional input, not " + inputType);
		}
		return InputType.convolutional(convolutional.getHeight(), convolutional.getWidth(), convolutional.getChannels(),
				this.to);
	}

	@Override
	public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
			int minibatchSize) {
		return new Pair<>(maskArray, currentMaskState);
	}

	@Override
	public ChannelOrder clone() {
		return new ChannelOrder(this.to);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof ChannelOrder order && order.to == this.to;
	}

	@Override
	public int hashCode() {
		return this.to.hashCode();
	}

}
