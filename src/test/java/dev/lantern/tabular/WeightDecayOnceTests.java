package dev.lantern.tabular;

import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The weight decay a tabular training asks for is applied once per step: DL4J's
 * configuration builder lists it twice in every layer, which doubled it.
 */
class WeightDecayOnceTests {

	private static final TabularSettings SETTINGS = new TabularSettings(List.of(48, 24), List.of(0.1, 0.1), 0.04, 1.2,
			1, 1e-2, 0.2, 32, 5);

	@Test
	void everyWeightCarriesTheConfiguredDecayOnce() {
		ComputationGraph graph = TabularNetwork.build(TabularForwardTests.procs(2, 2), SETTINGS, 10, 40);
		int weighted = 0;
		for (Layer layer : graph.getLayers()) {
			if (layer.conf().getLayer() instanceof BaseLayer base) {
				List<Regularization> regularization = base.getRegularization();
				assertThat(regularization).as(base.getLayerName()).hasSize(1);
				WeightDecay decay = (WeightDecay) regularization.get(0);
				assertThat(decay.getCoeff().valueAt(0, 0)).isEqualTo(0.2);
				assertThat(decay.isApplyLR()).isTrue();
				weighted++;
			}
		}
		assertThat(weighted).isGreaterThan(4);
	}

	@Test
	void noWeightDecayLeavesNoRegularization() {
		TabularSettings settings = new TabularSettings(List.of(8), List.of(0.0), 0.0, 1.2, 1, 1e-2, 0.0, 32, 5);
		ComputationGraph graph = TabularNetwork.build(TabularForwardTests.procs(1, 1), settings, 10, 40);
		for (Layer layer : graph.getLayers()) {
			if (layer.conf().getLayer() instanceof BaseLayer base) {
				assertThat(base.getRegularization()).as(base.getLayerName()).isEmpty();
			}
		}
	}

}
