package dev.lantern.vision.serve;

import java.io.IOException;
import java.nio.file.Path;

import dev.lantern.models.ModelFormat;
import dev.lantern.vision.model.VisionModelFiles;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.lantern.vision.model.VisionModelMetadata;
import dev.lantern.vision.nets.Architecture;
import dev.lantern.vision.nets.HeadOptions;
import dev.lantern.vision.nets.NetSpec;
import dev.lantern.vision.nets.VisionNets;

import org.springframework.stereotype.Component;

/**
 * Loads {@code vision} model versions: {@code model.zip}, {@code vision.json} and, when
 * present, {@code interpretation.json}.
 */
@Component
class VisionModelFormat implements ModelFormat<VisionModel> {

	private static final Logger log = LoggerFactory.getLogger(VisionModelFormat.class);

	private final VisionNets nets;

	VisionModelFormat(VisionNets nets) {
		this.nets = nets;
	}

	@Override
	public String kind() {
		return VisionModel.KIND;
	}

	@Override
	public VisionModel load(Path versionDirectory) throws IOException {
		VisionModelMetadata metadata = VisionModelFiles.readMetadata(versionDirectory);
		ComputationGraph graph = forServing(VisionModelFiles.readGraph(versionDirectory), metadata);
		return new VisionModel(graph, metadata, VisionModelFiles.readInterpretation(versionDirectory));
	}

	/**
	 * ResNet-18/34 versions are served with every body BatchNorm folded into its
	 * convolution: the same outputs with fewer passes over the activations (speed
	 * measured in docs/performance.md). Other architectures, and a graph that does not
	 * fit its recorded architecture, are served as stored.
	 */
	private ComputationGraph forServing(ComputationGraph graph, VisionModelMetadata metadata) {
		Architecture architecture;
		try {
			architecture = Architecture.of(metadata.architecture());
		}
		catch (IllegalArgumentException ex) {
			return graph;
		}
		if (architecture == Architecture.RESNET50) {
			return graph;
		}
		try {
			int width = (metadata.width() != null) ? metadata.width() : NetSpec.STANDARD_WIDTH;
			NetSpec spec = new NetSpec(architecture, metadata.labels().size(), metadata.imageSize(), width,
					HeadOptions.fastai().withBnFinal(Boolean.TRUE.equals(metadata.bnFinal())), 0);
			return this.nets.fusedForInference(this.nets.wrap(graph, spec, metadata.pretrained()));
		}
		catch (RuntimeException ex) {
			log.warn("Serving {} without BatchNorm folding: {}", metadata.architecture(), ex.getMessage());
			return graph;
		}
	}

}
