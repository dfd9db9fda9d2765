package dev.lantern.vision.weights;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.vision.nets.Architecture;
import dev.lantern.vision.nets.HeadOptions;
import dev.lantern.vision.nets.NetSpec;
import dev.lantern.vision.nets.NetsProperties;
import dev.lantern.vision.nets.VisionNet;
import dev.lantern.vision.nets.VisionNets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

/**
 * torchvision names onto Lantern's layers: architecture inference, the checks that name
 * the first missing or mismatched tensor, the bottleneck (ResNet-50) mapping, epsilon and
 * layout conversions.
 */
class TorchvisionResNetMappingTests {

	@Test
	void infersTheArchitectureFromTheTensors() throws IOException {
		ResNetLayout basic = ResNetLayout.infer(WeightsFixtures.read("basic.pth").tensors());
		assertThat(basic).isEqualTo(new ResNetLayout(ResNetLayout.Block.BASIC, List.of(2, 2, 2, 2), 4));
		assertThat(basic.name()).isEqualTo("resnet18");
		assertThat(ResNetLayout.infer(synthetic(ResNetLayout.of("resnet34", 64)).tensors()).describe())
			.isEqualTo("resnet34");
		ResNetLayout bottleneck = ResNetLayout.infer(WeightsFixtures.read("bottleneck.safetensors").tensors());
		assertThat(bottleneck.describe()).isEqualTo("resnet50 at base width 2");
		assertThat(bottleneck.outChannels()).isEqualTo(64);
		assertThat(bottleneck.supported()).isTrue();
		ResNetLayout small = new ResNetLayout(ResNetLayout.Block.BOTTLENECK, List.of(1, 1, 2, 1), 8);
		assertThat(ResNetLayout.infer(synthetic(small).tensors())).isEqualTo(small);
		assertThat(small.name()).isEqualTo("resnet (bottleneck blocks [1, 1, 2, 1])");
		assertThat(small.supported()).isFalse();
	}

	@Test
	void mapsTheBottleneckNetOfBothFormatsAlike() throws IOException {
		StateDict checkpoint = WeightsFixtures.read("bottleneck.pth");
		StateDict safetensors = WeightsFixtures.read("bottleneck.safetensors");
		ResNetLayout layout = ResNetLayout.of("resnet50", 2);
		MappedWeights fromCheckpoint = TorchvisionResNetMapping.map(checkpoint, layout);
		MappedWeights fromSafetensors = TorchvisionResNetMapping.map(safetensors, layout);
		// torchvision's resnet50: 53 convolutions each with a BatchNorm of 4 tensors.
		assertThat(fromCheckpoint.assignments()).hasSize(53 * 5);
		assertThat(fromCheckpoint.ignored()).hasSize(53 + 2)
			.contains("fc.weight", "fc.bias", "bn1.num_batches_tracked");
		for (int i = 0; i < fromCheckpoint.assignments().size(); i++) {
			MappedWeights.Assignment a = fromCheckpoint.assignments().get(i);
			MappedWeights.Assignment b = fromSafetensors.assignments().get(i);
			assertThat(b.layer() + "/" + b.parameter()).isEqualTo(a.layer() + "/" + a.parameter());
			assertThat(b.value()).isEqualTo(a.value());
		}
		Map<String, long[]> shapes = new LinkedHashMap<>();
		fromCheckpoint.assignments()
			.forEach((assignment) -> shapes.put(assignment.layer() + "/" + assignment.parameter(),
					assignment.value().shape()));
		// v1.5: the 3x3 convolution is conv2, the projection widens 4 times.
		assertThat(shapes.get("layer2.0.conv1/W")).containsExactly(4, 8, 1, 1);
		assertThat(shapes.get("layer2.0.conv2/W")).containsExactly(4, 4, 3, 3);
		assertThat(shapes.get("layer2.0.conv3/W")).containsExactly(16, 4, 1, 1);
		assertThat(shapes.get("layer2.0.downsample.0/W")).containsExactly(16, 8, 1, 1);
		assertThat(shapes.get("layer1.0.downsample.1/log10stdev")).containsExactly(8);
		assertThat(shapes).doesNotContainKey("layer2.1.downsample.0/W");
		long mapped = checkpoint.tensors()
			.values()
			.stream()
			.filter((tensor) -> !fromCheckpoint.ignored().contains(tensor.name()))
			.mapToLong(Tensor::elements)
			.sum();
		assertThat(fromCheckpoint.parameters()).isEqualTo(mapped);
	}

	@Test
	void convertsRunningVarianceToDl4jsLogStandardDeviation() throws IOException {
		StateDict weights = WeightsFixtures.read("basic.pth");
		MappedWeights mapped = TorchvisionResNetMapping.map(weights, ResNetLayout.of("resnet18", 4));
		float[] variance = weights.get("layer3.1.bn2.running_var").values();
		INDArray log10Stdev = find(mapped, "layer3.1.bn2", "log10stdev");
		for (int i = 0; i < variance.length; i++) {
			double recovered = Math.pow(Math.pow(10, log10Stdev.getDouble(i)), 2);
			assertThat(recovered).isCloseTo(variance[i], within(variance[i] * 1e-6));
		}
		assertThat(find(mapped, "layer3.1.bn2", "gamma").toFloatVector())
			.isEqualTo(weights.get("layer3.1.bn2.weight").values());
		assertThat(find(mapped, "conv1", "W").ravel().toFloatVector()).isEqualTo(weights.get("conv1.weight").values());
		assertThat(mapped.ignored()).contains("fc.weight", "fc.bias", "layer4.1.bn2.num_batches_tracked");
	}

	@Test
	void compensatesAnotherBatchNormEpsilonExactly() throws IOException {
		StateDict weights = WeightsFixtures.read("basic.pth");
		double targetEps = 1e-3;
		MappedWeights mapped = TorchvisionResNetMapping.map(weights, ResNetLayout.of("resnet18", 4), targetEps);
		float[] variance = weights.get("bn1.running_var").values();
		INDArray log10Stdev = find(mapped, "bn1", "log10stdev");
		for (int i = 0; i < variance.length; i++) {
			double dl4jDenominator = Math.sqrt(Math.pow(Math.pow(10, log10Stdev.getDouble(i)), 2) + targetEps);
			double torchDenominator = Math.sqrt(variance[i] + TorchvisionResNetMapping.TORCHVISION_EPS);
			assertThat(dl4jDenominator).isCloseTo(torchDenominator, within(torchDenominator * 1e-6));
		}
	}

	@Test
	void refusesACheckpointOfAnotherArchitecture() throws IOException {
		StateDict resnet34 = synthetic(ResNetLayout.of("resnet34", 2));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> TorchvisionResNetMapping.check(resnet34, ResNetLayout.of("resnet18", 2)))
			.withMessage("Tensor 'layer1.2.conv1.weight' is not part of resnet18 at base width 2 "
					+ "(the weights look like resnet34 at base width 2)");
		StateDict bottleneck = WeightsFixtures.read("bottleneck.pth");
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> TorchvisionResNetMapping.check(bottleneck, ResNetLayout.of("resnet34", 2)))
			.withMessage("Tensor 'layer1.0.conv1.weight' has shape [2, 2, 1, 1], but resnet34 at base width 2 "
					+ "needs [2, 2, 3, 3]");
		StateDict basic = WeightsFixtures.read("basic.pth");
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> TorchvisionResNetMapping.check(basic, ResNetLayout.of("resnet18", 64)))
			.withMessage("Tensor 'conv1.weight' has shape [4, 3, 7, 7], but resnet18 needs [64, 3, 7, 7]");
	}

	@Test
	void namesTheFirstMissingTensorWithItsShape() {
		StateDict complete = synthetic(ResNetLayout.of("resnet18", 2));
		Map<String, Tensor> tensors = new LinkedHashMap<>(complete.tensors());
		tensors.remove("layer2.0.downsample.1.running_var");
		tensors.remove("layer4.1.conv2.weight");
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(
				() -> TorchvisionResNetMapping.check(new StateDict("pytorch", tensors), ResNetLayout.of("resnet18", 2)))
			.withMessage("The weights have no tensor 'layer2.0.downsample.1.running_var', which resnet18 at base "
					+ "width 2 needs with shape [4]");
	}

	@Test
	void refusesWhatIsNotAResNetAndNegativeVariances() {
		StateDict vgg = new StateDict("pytorch",
				Map.of("features.0.weight", tensor("features.0.weight", new long[] { 64, 3, 3, 3 }, 0.1f)));
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> ResNetLayout.infer(vgg.tensors()))
			.withMessageContaining("Not a torchvision ResNet")
			.withMessageContaining("'features.0.weight'");
		Map<String, Tensor> tensors = new LinkedHashMap<>(synthetic(ResNetLayout.of("resnet18", 2)).tensors());
		tensors.put("bn1.running_var", tensor("bn1.running_var", new long[] { 2 }, -0.5f));
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(
				() -> TorchvisionResNetMapping.check(new StateDict("pytorch", tensors), ResNetLayout.of("resnet18", 2)))
			.withMessageContaining("'bn1.running_var' holds a negative variance");
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> ResNetLayout.of("resnet101", 64))
			.withMessageContaining("expected one of resnet18, resnet34, resnet50");
	}

	@Test
	void readsDataParallelNamesWithoutTheirPrefix() {
		Map<String, Tensor> prefixed = new LinkedHashMap<>();
		synthetic(ResNetLayout.of("resnet18", 2)).tensors()
			.forEach((name, tensor) -> prefixed.put("module." + name, tensor));
		StateDict weights = new StateDict("pytorch", prefixed);
		ResNetLayout layout = ResNetLayout.infer(TorchvisionResNetMapping.torchvisionNames(weights));
		assertThat(TorchvisionResNetMapping.map(weights, layout).assignments()).hasSize(20 * 5);
	}

	@Test
	void applyingRefusesANetworkTheWeightsDoNotFit() throws IOException {
		VisionNets nets = new VisionNets(new NetsProperties(null));
		VisionNet net = nets.create(new NetSpec(Architecture.RESNET18, 2, 32, 4, HeadOptions.fastai(), 1), false);
		StateDict weights = WeightsFixtures.read("basic.pth");
		MappedWeights otherEps = TorchvisionResNetMapping.map(weights, ResNetLayout.of("resnet18", 4), 1e-3);
		assertThatIllegalStateException().isThrownBy(() -> otherEps.applyTo(net.graph(), (name) -> true))
			.withMessageContaining("BatchNorm bn1 uses epsilon 1.0E-5");
		MappedWeights mapped = TorchvisionResNetMapping.map(weights, ResNetLayout.of("resnet18", 4));
		MappedWeights partial = new MappedWeights(mapped.layout(),
				mapped.assignments().subList(0, mapped.assignments().size() - 1), mapped.ignored(),
				mapped.batchNormEps());
		assertThatIllegalStateException()
			.isThrownBy(() -> partial.applyTo(net.graph(), (name) -> !name.startsWith(VisionNet.HEAD_PREFIX)))
			.withMessage("Parameter layer4.1.bn2/log10stdev of the body has no weights");
		VisionNet wider = nets.create(new NetSpec(Architecture.RESNET18, 2, 32, 8, HeadOptions.fastai(), 1), false);
		assertThatIllegalStateException().isThrownBy(() -> mapped.applyTo(wider.graph(), (name) -> true))
			.withMessageContaining("Parameter conv1/W has shape [8, 3, 7, 7], the weights have [4, 3, 7, 7]");
	}

	private static INDArray find(MappedWeights mapped, String layer, String parameter) {
		return mapped.assignments()
			.stream()
			.filter((assignment) -> assignment.layer().equals(layer) && assignment.parameter().equals(parameter))
			.findFirst()
			.orElseThrow()
			.value();
	}

	/** A state dict of the layout with torchvision's names and constant values. */
	static StateDict synthetic(ResNetLayout layout) {
		Map<String, Tensor> tensors = new LinkedHashMap<>();
		for (TorchvisionResNetMapping.Module module : TorchvisionResNetMapping.modules(layout)) {
			for (TorchvisionResNetMapping.Target target : module.targets()) {
				tensors.put(target.tensor(), tensor(target.tensor(), target.shape(), 0.5f));
			}
			if (module.layer().contains("bn") || module.layer().endsWith("downsample.1")) {
				String name = module.layer() + ".num_batches_tracked";
				tensors.put(name, new Tensor(name, new long[0], Dtype.I64, new float[] { 3 }));
			}
		}
		tensors.put("fc.weight", tensor("fc.weight", new long[] { 10, layout.outChannels() }, 0.1f));
		tensors.put("fc.bias", tensor("fc.bias", new long[] { 10 }, 0f));
		return new StateDict("pytorch", tensors);
	}

	private static Tensor tensor(String name, long[] shape, float value) {
		float[] values = new float[(int) Tensor.elements(shape)];
		Arrays.fill(values, value);
		return new Tensor(name, shape, Dtype.F32, values);
	}

}
