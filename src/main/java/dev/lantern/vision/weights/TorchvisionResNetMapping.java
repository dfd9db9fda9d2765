package dev.lantern.vision.weights;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import dev.lantern.system.errors.InvalidInputException;

/**
 * Maps a torchvision (or timm) ResNet state dict onto Lantern's ResNet bodies, whose DL4J
 * layers carry torchvision's module names ({@code conv1}, {@code bn1},
 * {@code layer1.0.conv1}, {@code layer2.0.downsample.0}, ...):
 * <ul>
 * <li>{@code <conv>.weight} [out, in, kh, kw] becomes the convolution's {@code W}: DL4J's
 * convolution weights are [out, in, kh, kw] in C order too (also in the channels-last
 * serving body), and both compute cross-correlations, so the values are copied as they
 * are.</li>
 * <li>{@code <bn>.weight}, {@code .bias}, {@code .running_mean} become {@code gamma},
 * {@code beta}, {@code mean}; {@code .running_var} becomes {@code log10stdev}, which
 * DL4J's BatchNormalization stores by default ({@code useLogStd}): it normalizes by
 * {@code sqrt((10^log10stdev)^2 + eps)}, so {@code log10stdev = log10(var) / 2}.</li>
 * <li>Epsilon: torchvision's BatchNorm2d and DL4J's BatchNormalization both default to
 * 1e-5, which Lantern keeps, so nothing changes. For a target with another epsilon
 * {@code e}, the variance is shifted by {@code 1e-5 - e}, which gives the same
 * normalization exactly (floored at the smallest normal float when it would be
 * negative).</li>
 * <li>{@code fc.*} (the ImageNet head) and {@code *.num_batches_tracked} (a training
 * counter) are ignored and listed. Any other tensor the architecture does not have is an
 * error: it means another architecture.</li>
 * </ul>
 * A state dict saved from {@code nn.DataParallel} (every name prefixed {@code module.})
 * is read without the prefix.
 */
public final class TorchvisionResNetMapping {

	/** torchvision's BatchNorm2d epsilon. */
	public static final double TORCHVISION_EPS = 1e-5;

	/** DL4J BatchNormalization's default epsilon, which Lantern's bodies use. */
	public static final double LANTERN_EPS = 1e-5;

	private static final String DATA_PARALLEL_PREFIX = "module.";

	private TorchvisionResNetMapping() {
	}

	/**
	 * The tensors with torchvision's names: without {@code module.} when every name has
	 * it.
	 */
	public static Map<String, Tensor> torchvisionNames(StateDict weights) {
		Map<String, Tensor> tensors = weights.tensors();
		if (tensors.isEmpty() || !tensors.keySet().stream().allMatch((name) -> name.startsWith(DATA_PARALLEL_PREFIX))) {
			return tensors;
		}
		Map<String, Tensor> stripped = new LinkedHashMap<>();
		tensors.forEach((name, tensor) -> stripped.put(name.substring(DATA_PARALLEL_PREFIX.length()), tensor));
		return stripped;
	}

	/**
	 * Checks that the weights are exactly this architecture's, without creating any
	 * array.
	 * @param weights the state dict
	 * @param layout the architecture
	 * @return the ignored tensors ({@code fc.*}, {@code num_batches_tracked})
	 * @throws InvalidInputException naming the first missing or mismatched tensor with
	 * both shapes, a tensor the architecture does not have, or a negative running
	 * variance
	 */
	public static List<String> check(StateDict weights, ResNetLayout layout) {
		Map<String, Tensor> tensors = torchvisionNames(weights);
		Set<String> used = new LinkedHashSet<>();
		for (Module module : modules(layout)) {
			for (Target target : module.targets()) {
				Tensor tensor = tensors.get(target.tensor());
				if (tensor == null) {
					throw new InvalidInputException("The weights have no tensor '" + target.tensor() + "', which "
							+ layout.describe() + " needs with shape " + Arrays.toString(target.shape()));
				}
				if (!Arrays.equals(tensor.shape(), target.shape())) {
					throw new InvalidInputException("Tensor '" + target.tensor() + "' has shape " + tensor.shapeText()
							+ ", but " + layout.describe() + " needs " + Arrays.toString(target.shape()));
				}
				if (target.parameter().equals("log10stdev")) {
					for (float variance : tensor.values()) {
						if (variance < 0) {
							throw new InvalidInputException(
									"Tensor '" + target.tensor() + "' holds a negative variance (" + variance + ")");
						}
					}
				}
				used.add(target.tensor());
			}
		}
		List<String> ignored = new ArrayList<>();
		for (String name : tensors.keySet()) {
			if (used.contains(name)) {
				continue;
			}
			if (name.startsWith("fc.") || name.endsWith(".num_batches_tracked")) {
				ignored.add(name);
				continue;
			}
			throw new InvalidInputException("Tensor '" + Printable.of(name) + "' is not part of " + layout.describe()
					+ otherArchitecture(tensors, layout));
		}
		return ignored;
	}

	/**
	 * Maps the weights onto Lantern's body of the architecture (BatchNorm epsilon 1e-5).
	 * @param weights the state dict
	 * @param layout the architecture
	 * @return the parameter assignments and the ignored tensors
	 * @throws InvalidInputException as {@link #check}
	 */
	public static MappedWeights map(StateDict weights, ResNetLayout layout) {
		return map(weights, layout, LANTERN_EPS);
	}

	/**
	 * Maps the weights onto a body whose BatchNorm layers use {@code targetEps}.
	 */
	static MappedWeights map(StateDict weights, ResNetLayout layout, double targetEps) {
		List<String> ignored = check(weights, layout);
		Map<String, Tensor> tensors = torchvisionNames(weights);
		List<MappedWeights.Assignment> assignments = new ArrayList<>();
		for (Module module : modules(layout)) {
			for (Target target : module.targets()) {
				float[] values = tensors.get(target.tensor()).values();
				if (target.parameter().equals("log10stdev")) {
					values = log10Stdev(values, TORCHVISION_EPS - targetEps);
				}
				assignments.add(new MappedWeights.Assignment(module.layer(), target.parameter(),
						Nd4j.create(values, target.shape(), 'c').castTo(DataType.FLOAT)));
			}
		}
		return new MappedWeights(layout, assignments, ignored, targetEps);
	}

	/**
	 * The layers of Lantern's body for the architecture, in order, each with the
	 * torchvision tensors it takes.
	 */
	static List<Module> modules(ResNetLayout layout) {
		List<Module> modules = new ArrayList<>();
		int width = layout.baseWidth();
		int expansion = layout.block().expansion();
		convBn(modules, "conv1", "bn1", width, 3, 7);
		int in = width;
		for (int stage = 0; stage < 4; stage++) {
			int planes = width << stage;
			int out = planes * expansion;
			for (int block = 0; block < layout.blocks().get(stage); block++) {
				String prefix = "layer" + (stage + 1) + "." + block + ".";
				if (layout.block() == ResNetLayout.Block.BASIC) {
					convBn(modules, prefix + "conv1", prefix + "bn1", planes, in, 3);
					convBn(modules, prefix + "conv2", prefix + "bn2", planes, planes, 3);
				}
				else {
					convBn(modules, prefix + "conv1", prefix + "bn1", planes, in, 1);
					convBn(modules, prefix + "conv2", prefix + "bn2", planes, planes, 3);
					convBn(modules, prefix + "conv3", prefix + "bn3", out, planes, 1);
				}
				boolean strided = stage > 0 && block == 0;
				if (strided || in != out) {
					convBn(modules, prefix + "downsample.0", prefix + "downsample.1", out, in, 1);
				}
				in = out;
			}
		}
		return modules;
	}

	private static void convBn(List<Module> modules, String conv, String bn, int out, int in, int kernel) {
		long[] weight = { out, in, kernel, kernel };
		modules.add(new Module(conv, List.of(new Target(conv + ".weight", "W", weight))));
		long[] channels = { out };
		modules.add(new Module(bn,
				List.of(new Target(bn + ".weight", "gamma", channels), new Target(bn + ".bias", "beta", channels),
						new Target(bn + ".running_mean", "mean", channels),
						new Target(bn + ".running_var", "log10stdev", channels))));
	}

	private static float[] log10Stdev(float[] variance, double shift) {
		float[] log10Stdev = new float[variance.length];
		for (int i = 0; i < variance.length; i++) {
			double shifted = Math.max(variance[i] + shift, Float.MIN_NORMAL);
			log10Stdev[i] = (float) (0.5 * Math.log10(shifted));
		}
		return log10Stdev;
	}

	private static String otherArchitecture(Map<String, Tensor> tensors, ResNetLayout layout) {
		try {
			ResNetLayout inferred = ResNetLayout.infer(tensors);
			if (!inferred.equals(layout)) {
				return " (the weights look like " + inferred.describe() + ")";
			}
		}
		catch (InvalidInputException ex) {
			// Not a ResNet at all: the tensor's name says enough.
		}
		return "";
	}

	/**
	 * A layer of the body and the tensors it takes.
	 *
	 * @param layer the DL4J layer name (torchvision's module name)
	 * @param targets its parameters
	 */
	record Module(String layer, List<Target> targets) {

	}

	/**
	 * One parameter.
	 *
	 * @param tensor the torchvision tensor name
	 * @param parameter the DL4J parameter key
	 * @param shape the shape both have
	 */
	record Target(String tensor, String parameter, long[] shape) {

	}

}
