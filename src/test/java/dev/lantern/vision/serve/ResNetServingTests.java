package dev.lantern.vision.serve;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.lantern.models.store.ModelStore.ArtifactWriter;
import dev.lantern.system.backend.onednn.OneDnnHelpers;
import dev.lantern.vision.augment.TransformSettings;
import dev.lantern.vision.image.Normalization;
import dev.lantern.vision.model.VisionModelFiles;
import dev.lantern.vision.model.VisionModelMetadata;
import dev.lantern.vision.nets.Architecture;
import dev.lantern.vision.nets.HeadOptions;
import dev.lantern.vision.nets.NetSpec;
import dev.lantern.vision.nets.NetsProperties;
import dev.lantern.vision.nets.VisionNet;
import dev.lantern.vision.nets.VisionNets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ResNet versions are served with their body BatchNorms folded into the convolutions, and
 * answer as the trained network does.
 */
class ResNetServingTests {

	@TempDir
	Path version;

	@Test
	void servedResNetFoldsBatchNormAndKeepsItsOutputs() throws Exception {
		OneDnnHelpers.configure(true);
		VisionNets nets = new VisionNets(new NetsProperties(null));
		NetSpec spec = new NetSpec(Architecture.RESNET18, 3, 64, 8, HeadOptions.fastai(), 5);
		VisionNet net = nets.create(spec, false);
		VisionModelMetadata metadata = new VisionModelMetadata("resnet18", List.of("a", "b", "c"), 64,
				Normalization.IMAGENET, false, "d1", TransformSettings.FASTAI, 8, false);
		for (Map.Entry<String, ArtifactWriter> file : VisionModelFiles.writers(net.graph(), metadata, null)
			.entrySet()) {
			try (OutputStream out = Files.newOutputStream(this.version.resolve(file.getKey()))) {
				file.getValue().writeTo(out);
			}
		}
		VisionModel served = new VisionModelFormat(nets).load(this.version);
		assertThat(batchNorms(served.graph())).isLessThan(batchNorms(net.graph()));
		INDArray images = Nd4j.rand(DataType.FLOAT, 2, 3, 64, 64);
		INDArray expected = net.graph().outputSingle(images);
		INDArray actual = served.graph().outputSingle(images);
		assertThat(actual.shape()).isEqualTo(expected.shape());
		assertThat(actual.sub(expected).norm2Number().doubleValue()).isLessThan(1e-4);
	}

	private static long batchNorms(ComputationGraph graph) {
		return java.util.Arrays.stream(graph.getLayers())
			.filter((layer) -> layer.conf().getLayer() instanceof BatchNormalization)
			.count();
	}

}
