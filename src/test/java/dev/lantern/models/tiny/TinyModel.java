package dev.lantern.models.tiny;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import dev.lantern.models.ServableModel;

/**
 * A tiny DL4J network for tests: 4 features, 8 hidden units, 3 classes. Different seeds
 * give different weights, so two versions answer differently.
 */
public final class TinyModel implements ServableModel {

	public static final int FEATURES = 4;

	public static final int CLASSES = 3;

	/** How many worker copies were made, by every tiny model in this JVM. */
	public static final AtomicInteger COPIES = new AtomicInteger();

	private final MultiLayerNetwork network;

	/** Declared, not measured: lets runtime tests set what a worker's budget allows. */
	private final long activationBytesPerExample;

	private int examplesPerPass = Integer.MAX_VALUE;

	TinyModel(MultiLayerNetwork network) {
		this(network, 0);
	}

	TinyModel(MultiLayerNetwork network, long activationBytesPerExample) {
		this.network = network;
		this.activationBytesPerExample = activationBytesPerExample;
	}

	/** A freshly initialised network. */
	public static TinyModel create(long seed) {
		MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed)
			.dataType(DataType.FLOAT)
			.list()
			.layer(new DenseLayer.Builder().nIn(FEATURES).nOut(8).activation(Activation.TANH).build())
			.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8)
				.nOut(CLASSES)
				.activation(Activation.SOFTMAX)
				.build())
			.build());
		network.init();
		return new TinyModel(network);
	}

	public MultiLayerNetwork network() {
		return this.network;
	}

	/** Writes the network as {@code model.zip}. */
	public void writeTo(OutputStream out) throws IOException {
		ModelSerializer.writeModel(this.network, out, false);
	}

	@Override
	public ServableModel copyForWorker() {
		COPIES.incrementAndGet();
		return new TinyModel(this.network.clone(), this.activationBytesPerExample);
	}

	@Override
	public long activationBytesPerExample() {
		return this.activationBytesPerExample;
	}

	@Override
	public void limitExamplesPerPass(int examples) {
		this.examplesPerPass = examples;
	}

	/** The most examples the runtime said this copy may run in one pass. */
	public int examplesPerPass() {
		return this.examplesPerPass;
	}

	@Override
	public long estimatedBytes() {
		return this.network.params().length() * Float.BYTES;
	}

}
