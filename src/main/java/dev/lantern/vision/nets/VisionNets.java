package dev.lantern.vision.nets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.lantern.system.backend.onednn.OneDnnConvolutions;
import dev.lantern.training.TrainingFootprint;

import org.springframework.stereotype.Component;

/**
 * Builds the vision networks of every {@link Architecture}: a ResNet body (pretrained
 * when {@code lantern.vision.nets.pretrained-dir} holds its weights, else random) with a
 * fastai head, or the small {@code simple-cnn}.
 * <p>
 * The ResNets' training defaults are fastai's: Adam with betas (0.9, 0.99), eps 1e-5 and
 * decoupled weight decay 0.01; learning rate 1e-3 until a job sets its own.
 */
@Component
public class VisionNets {

	private static final Logger log = LoggerFactory.getLogger(VisionNets.class);

	/** fastai's default weight decay, 0.01. */
	static final double WEIGHT_DECAY = 0.01;

	/**
	 * Training keeps each convolution's output from the forward pass for the backward
	 * pass (DL4J's default, {@code NONE}, runs every convolution forward a second time in
	 * backprop); costs one copy of the convolution outputs per step
	 * (docs/performance.md).
	 */
	static final CacheMode TRAINING_CACHE = CacheMode.DEVICE;

	/**
	 * The batch part of DL4J's memory report (activations, their gradients, the cache,
	 * working memory) times this is at least the measured peak's batch part: the peak
	 * resident memory of training ResNet-18/34 at 224 pixels, batches of 16 and 32
	 * (oneDNN helpers on), was 1.20 to 1.34 times the report's batch part beyond the
	 * parameters, and 0.87 times it at batch 64 (TrainingMemoryBenchmark).
	 */
	public static final double MEASURED_BATCH_FACTOR = 1.3;

	/**
	 * What training takes whatever the network, beyond DL4J's report (oneDNN's primitives
	 * and scratch memory, native allocator arenas): 256 MiB covers the smallest measured
	 * network (a width-32 ResNet-18 at 112 pixels, 0.50 GB measured against a report of
	 * 0.35 GB) and the runs above the batch factor (ResNet-18 at batch 16).
	 */
	public static final long MEASURED_RUNTIME_BYTES = 256L << 20;

	/**
	 * Switches the training cache on for a graph that DL4J rebuilt: transfer learning
	 * drops it. The configuration's mode opens the cache's workspace, the layers' modes
	 * fill it.
	 */
	static ComputationGraph withTrainingCache(ComputationGraph graph) {
		graph.getConfiguration().setCacheMode(TRAINING_CACHE);
		graph.setCacheMode(TRAINING_CACHE);
		return graph;
	}

	private final NetsProperties properties;

	public VisionNets(NetsProperties properties) {
		this.properties = properties;
	}

	/**
	 * Builds a network.
	 * @param spec what to build
	 * @return the network, with {@code pretrained()} telling whether weights were loaded
	 * @throws IllegalStateException when a pretrained file exists but does not fit
	 */
	public VisionNet create(NetSpec spec) {
		return create(spec, true);
	}

	/**
	 * Builds a network, from random weights only when {@code usePretrained} is false.
	 * @param spec what to build
	 * @param usePretrained whether to load the configured pretrained weights when there
	 * are some
	 * @return the network
	 */
	public VisionNet create(NetSpec spec, boolean usePretrained) {
		BuiltNet built = build(spec);
		boolean pretrained = usePretrained && loadPretrained(spec, built.graph());
		return new VisionNet(built.graph(), spec, pretrained, built.bodyOutput(), false);
	}

	/**
	 * Builds a network whose body starts from weights that {@code bodyWeights} writes
	 * into the freshly initialized graph (such as converted torchvision weights); the
	 * head keeps its random initialization.
	 * @param spec what to build
	 * @param bodyWeights writes the body's parameters and returns the number of layers
	 * written
	 * @return the network, {@code pretrained()}
	 */
	public VisionNet create(NetSpec spec, java.util.function.ToIntFunction<ComputationGraph> bodyWeights) {
		BuiltNet built = build(spec);
		int layers = bodyWeights.applyAsInt(built.graph());
		log.info("Loaded pretrained {} weights for {} layers", spec.architecture().id(), layers);
		return new VisionNet(built.graph(), spec, true, built.bodyOutput(), false);
	}

	/** Whether the layer belongs to the body rather than the head. */
	public static boolean isBody(String layer) {
		return !layer.startsWith(VisionNet.HEAD_PREFIX);
	}

	/**
	 * Wraps a graph restored from a saved model (such as {@code ComputationGraph.load})
	 * that this factory built, so it can be frozen, unfrozen, given layer-group rates or
	 * hooked at its body output again.
	 * @param graph the restored graph
	 * @param spec what it was built from
	 * @param pretrained whether its body started from pretrained weights
	 * @return the network
	 * @throws IllegalArgumentException when the graph has no global pooling head
	 */
	public VisionNet wrap(ComputationGraph graph, NetSpec spec, boolean pretrained) {
		String body;
		try {
			body = bodyOutput(graph);
		}
		catch (IllegalStateException ex) {
			throw new IllegalArgumentException("Not a Lantern vision network: " + ex.getMessage(), ex);
		}
		org.deeplearning4j.nn.api.Layer first = graph.getLayers()[0];
		boolean frozen = first instanceof FrozenLayer || first instanceof FrozenLayerWithBackprop;
		return new VisionNet(withTrainingCache(graph), spec, pretrained, body, frozen);
	}

	/**
	 * The conv body's last activation in a graph with a global pooling head: the vertex
	 * that feeds the head's pooling (fastai's {@code AdaptiveConcatPool2d}), the output
	 * Lesson 6 hooks with {@code hook_output(m[0])}. Works on every network built here,
	 * fused for serving or not, and on graphs restored from saved versions.
	 * @throws IllegalStateException when the graph has no global pooling, or pools two
	 * different layers
	 */
	public static String bodyOutput(ComputationGraph graph) {
		ComputationGraphConfiguration configuration = graph.getConfiguration();
		String body = null;
		for (Map.Entry<String, GraphVertex> entry : configuration.getVertices().entrySet()) {
			if (entry.getValue() instanceof LayerVertex layer
					&& layer.getLayerConf().getLayer() instanceof GlobalPoolingLayer) {
				String input = configuration.getVertexInputs().get(entry.getKey()).get(0);
				if (body != null && !body.equals(input)) {
					throw new IllegalStateException("The head pools two different layers: " + body + ", " + input);
				}
				body = input;
			}
		}
		if (body == null) {
			throw new IllegalStateException("The model has no global pooling head to find its conv body by");
		}
		return body;
	}

	/**
	 * A copy of a trained network for serving, with every body BatchNorm folded into the
	 * convolution before it: the same inference outputs, fewer passes over the
	 * activations. The zoo ResNet-50 and {@code simple-cnn} are returned as a plain clone
	 * (not fused).
	 * @param net the trained network
	 * @return a new graph, for inference only
	 */
	public ComputationGraph fusedForInference(VisionNet net) {
		if (!fuses(net.spec().architecture())) {
			return net.graph().clone();
		}
		ComputationGraph fused = resNet(net.spec(), true).graph();
		InferenceFusion.copy(net.graph(), fused);
		return fused;
	}

	/**
	 * Whether {@link #fusedForInference} folds the BatchNorm layers of this architecture
	 * (torchvision's ResNet-18, ResNet-34 and ResNet-50).
	 */
	public static boolean fuses(Architecture architecture) {
		return architecture == Architecture.RESNET18 || architecture == Architecture.RESNET34
				|| architecture == Architecture.RESNET50;
	}

	private BuiltNet build(NetSpec spec) {
		BuiltNet built = buildGraph(spec);
		OneDnnConvolutions.install(built.graph());
		return built;
	}

	private BuiltNet buildGraph(NetSpec spec) {
		return switch (spec.architecture()) {
			case RESNET18, RESNET34, RESNET50 -> resNet(spec, false);
			case RESNET50_ZOO -> ZooResNet50.build(spec, fineTune(spec.seed()));
			case SIMPLE_CNN -> SimpleCnn.build(spec, WEIGHT_DECAY);
		};
	}

	/**
	 * What training the network of a spec takes in memory at a batch size, estimated from
	 * its configuration alone: no array is allocated. DL4J's memory report, with its
	 * batch part scaled by {@link #MEASURED_BATCH_FACTOR} and
	 * {@link #MEASURED_RUNTIME_BYTES} added, so that the estimate stays at or above the
	 * peak measured while training (docs/vision.md, "Training memory").
	 * {@code resnet50-zoo} is estimated with the zoo's own classifier in place of
	 * fastai's head (a difference of a few million parameters against its 25 million).
	 * @param spec the network
	 * @param batchSize the images per optimizer step
	 * @return the estimate
	 */
	public TrainingFootprint footprint(NetSpec spec, int batchSize) {
		return TrainingFootprint
			.of(configurationForReport(spec), batchSize, TRAINING_CACHE,
					InputType.convolutional(spec.imageSize(), spec.imageSize(), 3))
			.scaled(MEASURED_BATCH_FACTOR, MEASURED_RUNTIME_BYTES);
	}

	/**
	 * The configuration of the network of a spec as trained, without building it.
	 * @param spec the network
	 * @return its configuration
	 */
	public ComputationGraphConfiguration configurationForReport(NetSpec spec) {
		return switch (spec.architecture()) {
			case RESNET18, RESNET34, RESNET50 -> resNetConfiguration(spec, false).configuration();
			case RESNET50_ZOO -> ZooResNet50.configuration(spec);
			case SIMPLE_CNN -> SimpleCnn.configuration(spec, WEIGHT_DECAY);
		};
	}

	private BuiltNet resNet(NetSpec spec, boolean fused) {
		Configured configured = resNetConfiguration(spec, fused);
		ComputationGraph network = new ComputationGraph(configured.configuration());
		network.init();
		return new BuiltNet(network, configured.bodyOutput());
	}

	private Configured resNetConfiguration(NetSpec spec, boolean fused) {
		int[] blocks = ResNetBody.blocks(spec.architecture());
		boolean bottleneck = ResNetBody.bottleneck(spec.architecture());
		ComputationGraphConfiguration.GraphBuilder graph = base(spec.seed()).graphBuilder()
			.addInputs(VisionNet.INPUT)
			.setInputTypes(InputType.convolutional(spec.imageSize(), spec.imageSize(), 3));
		String bodyOutput = ResNetBody.add(graph, VisionNet.INPUT, blocks, spec.baseWidth(), bottleneck, fused);
		FastaiHead.add(sink(graph), bodyOutput, ResNetBody.outChannels(blocks, spec.baseWidth(), bottleneck),
				spec.classes(), spec.head());
		graph.setOutputs(VisionNet.OUTPUT);
		return new Configured(graph.build(), bodyOutput);
	}

	private record Configured(ComputationGraphConfiguration configuration, String bodyOutput) {

	}

	private boolean loadPretrained(NetSpec spec, ComputationGraph network) {
		if (this.properties.pretrainedDir() == null || spec.architecture().pretrainedFile() == null) {
			return false;
		}
		Path file = this.properties.pretrainedDir().resolve(spec.architecture().pretrainedFile());
		if (!Files.isRegularFile(file)) {
			log.info("No pretrained weights for {} at {}: the body starts from random weights",
					spec.architecture().id(), file);
			return false;
		}
		int layers = PretrainedWeights.copy(file, network, (name) -> !name.startsWith(VisionNet.HEAD_PREFIX));
		log.info("Loaded pretrained {} weights for {} layers from {}", spec.architecture().id(), layers, file);
		return true;
	}

	private static IUpdater updater() {
		return new Adam(1e-3, 0.9, 0.99, 1e-5);
	}

	private static NeuralNetConfiguration.Builder base(long seed) {
		return new NeuralNetConfiguration.Builder().seed(seed)
			.dataType(DataType.FLOAT)
			.updater(updater())
			.weightDecay(WEIGHT_DECAY)
			.weightInit(WeightInit.RELU)
			// DL4J's default activation is sigmoid: convolutions and BatchNorm must be
			// linear.
			.activation(Activation.IDENTITY)
			.convolutionMode(ConvolutionMode.Truncate)
			.cacheMode(TRAINING_CACHE);
	}

	private static FineTuneConfiguration fineTune(long seed) {
		return new FineTuneConfiguration.Builder().seed(seed).updater(updater()).weightDecay(WEIGHT_DECAY).build();
	}

	private static FastaiHead.Sink sink(ComputationGraphConfiguration.GraphBuilder graph) {
		return new FastaiHead.Sink() {

			@Override
			public void layer(String name, Layer layer, String... inputs) {
				graph.addLayer(name, layer, inputs);
			}

			@Override
			public void vertex(String name, GraphVertex vertex, String... inputs) {
				graph.addVertex(name, vertex, inputs);
			}

		};
	}

}
