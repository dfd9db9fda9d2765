package dev.lantern.vision.train;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

import dev.lantern.vision.nets.Architecture;
import dev.lantern.vision.nets.HeadOptions;
import dev.lantern.vision.nets.NetSpec;
import dev.lantern.vision.nets.VisionNet;
import dev.lantern.vision.nets.VisionNets;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ResNet-18, ResNet-34 and zoo ResNet-50 bodies with fastai's head as networks the
 * {@code vision-train} job can train ({@code "architecture": "resnet34"}, the lesson's
 * choice and the default).
 */
@Configuration(proxyBeanMethods = false)
class ResNetNetworks {

	@Bean
	VisionNetworkFactory resnet18(VisionNets nets) {
		return new Factory(nets, Architecture.RESNET18);
	}

	@Bean
	VisionNetworkFactory resnet34(VisionNets nets) {
		return new Factory(nets, Architecture.RESNET34);
	}

	@Bean
	VisionNetworkFactory resnet50(VisionNets nets) {
		return new Factory(nets, Architecture.RESNET50);
	}

	private record Factory(VisionNets nets, Architecture body) implements VisionNetworkFactory {

		@Override
		public String architecture() {
			return this.body.id();
		}

		@Override
		public VisionNetwork create(NetworkSpec spec) {
			int width = (spec.width() != null) ? spec.width() : NetSpec.STANDARD_WIDTH;
			NetSpec netSpec = new NetSpec(this.body, spec.classes(), spec.imageSize(), width,
					HeadOptions.fastai().withBnFinal(spec.bnFinal()), spec.seed());
			VisionNet net = this.nets.create(netSpec, spec.pretrained());
			applyWeightDecay(net.graph(), spec.weightDecay());
			return new ResNetNetwork(net);
		}

		/**
		 * Decoupled weight decay on every weight (not on biases), as the job's spec asks.
		 */
		private static void applyWeightDecay(ComputationGraph graph, double weightDecay) {
			for (Layer layer : graph.getLayers()) {
				if (layer.conf().getLayer() instanceof BaseLayer base) {
					List<Regularization> regularization = new ArrayList<>();
					if (weightDecay > 0) {
						regularization.add(new WeightDecay(weightDecay, true));
					}
					base.setRegularization(regularization);
				}
			}
		}

	}

	/** A ResNet being trained; freezing and unfreezing swap in the rebuilt network. */
	private static final class ResNetNetwork implements VisionNetwork {

		private VisionNet net;

		ResNetNetwork(VisionNet net) {
			this.net = net;
		}

		@Override
		public ComputationGraph graph() {
			return this.net.graph();
		}

		@Override
		public boolean pretrained() {
			return this.net.pretrained();
		}

		@Override
		public void freeze() {
			this.net = this.net.freeze();
		}

		@Override
		public void unfreeze() {
			this.net = this.net.unfreeze();
		}

		@Override
		public List<List<String>> trainableLayerGroups() {
			ComputationGraph graph = this.net.graph();
			return this.net.layerGroups()
				.stream()
				.map((group) -> group.stream().filter((name) -> trainable(graph.getLayer(name))).toList())
				.toList();
		}

		private static boolean trainable(Layer layer) {
			return layer != null && !(layer instanceof FrozenLayer) && !(layer instanceof FrozenLayerWithBackprop);
		}

	}

}
