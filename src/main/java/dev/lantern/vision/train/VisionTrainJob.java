package dev.lantern.vision.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.lantern.datasets.Dataset;
import dev.lantern.datasets.Datasets;
import dev.lantern.jobs.JobContext;
import dev.lantern.jobs.JobOutcome;
import dev.lantern.jobs.JobType;
import dev.lantern.models.ModelPublisher;
import dev.lantern.models.ModelVersionInfo;
import dev.lantern.models.NewModelVersion;
import dev.lantern.vision.VisionProperties;
import dev.lantern.vision.dataset.ImageManifest;
import dev.lantern.vision.image.Normalization;
import dev.lantern.vision.model.VisionModelFiles;
import dev.lantern.vision.model.VisionModelMetadata;

import org.springframework.stereotype.Component;

/**
 * The {@code vision-train} job: trains a classifier on an {@code images} dataset with
 * fastai lesson 6's recipe and publishes it as a {@code vision} model version carrying
 * its labels, image size, normalization, {@code pretrained} flag and validation
 * interpretation.
 */
@Component
class VisionTrainJob implements JobType<VisionTrainSpec> {

	private final Datasets datasets;

	private final ModelPublisher publisher;

	private final Map<String, VisionNetworkFactory> networks;

	private final VisionTrainer trainer;

	VisionTrainJob(Datasets datasets, ModelPublisher publisher, List<VisionNetworkFactory> networks,
			VisionProperties properties) {
		this.datasets = datasets;
		this.publisher = publisher;
		this.networks = networks.stream()
			.collect(Collectors.toMap(VisionNetworkFactory::architecture, (factory) -> factory));
		this.trainer = new VisionTrainer(properties.decodeThreads(), properties.prefetchBatches(),
				properties.maxImagePixels());
	}

	@Override
	public String name() {
		return "vision-train";
	}

	@Override
	public Class<VisionTrainSpec> specClass() {
		return VisionTrainSpec.class;
	}

	/** Lesson 6's recipe, the spec's defaults (see {@link VisionTrainSpec}). */
	@Override
	public VisionTrainSpec defaults() {
		return VisionTrainSpec.of(null, null);
	}

	@Override
	public JobOutcome run(VisionTrainSpec spec, JobContext context) throws Exception {
		if (spec.frozenEpochs() + spec.unfrozenEpochs() < 1) {
			throw new IllegalArgumentException("frozenEpochs + unfrozenEpochs must be at least 1");
		}
		VisionNetworkFactory factory = this.networks.get(spec.architecture());
		if (factory == null) {
			throw new IllegalArgumentException("Unknown architecture '" + spec.architecture() + "'; available: "
					+ this.networks.keySet().stream().sorted().toList());
		}
		Dataset dataset = this.datasets.get(spec.datasetId());
		if (!"images".equals(dataset.kind())) {
			throw new IllegalArgumentException("Dataset '" + spec.datasetId() + "' is a " + dataset.kind()
					+ " dataset; vision-train needs an images dataset");
		}
		Path directory = this.datasets.directory(spec.datasetId());
		ImageManifest manifest = ImageManifest.read(directory);
		List<String> labels = manifest.labels();
		if (labels.size() < 2) {
			throw new IllegalArgumentException("Dataset '" + spec.datasetId() + "' has " + labels.size()
					+ " class; a classifier needs at least two");
		}
		VisionNetwork network = factory.create(new VisionNetworkFactory.NetworkSpec(labels.size(), spec.imageSize(),
				spec.pretrained(), spec.bnFinal(), spec.weightDecay(), spec.seed(), spec.width()));
		TrainingResult result = this.trainer.train(network, directory, manifest, spec, context.callback());
		context.checkCancelled();
		VisionModelMetadata metadata = new VisionModelMetadata(spec.architecture(), labels, spec.imageSize(),
				Normalization.IMAGENET, network.pretrained(), spec.datasetId(), spec.transforms(), spec.width(),
				spec.bnFinal());
		Map<String, Double> metrics = new LinkedHashMap<>();
		if (result.interpretation() != null) {
			metrics.put("error_rate", result.interpretation().errorRate());
			metrics.put("accuracy", 1 - result.interpretation().errorRate());
			metrics.put("valid_loss", result.interpretation().validLoss());
		}
		if (!result.history().isEmpty()) {
			metrics.put("train_loss", result.history().get(result.history().size() - 1).trainLoss());
		}
		ModelVersionInfo published = this.publisher.publish(new NewModelVersion(spec.modelName(), "vision",
				context.jobId(), network.pretrained(), inputSchema(metadata), labels, metrics,
				VisionModelFiles.writers(result.graph(), metadata, result.interpretation())));
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("architecture", spec.architecture());
		details.put("pretrained", network.pretrained());
		details.put("epochs", result.history().size());
		details.put("metrics", metrics);
		return new JobOutcome(published.name(), published.version(), details);
	}

	/** What clients see of the input: image size, layout and normalization. */
	static Map<String, Object> inputSchema(VisionModelMetadata metadata) {
		Map<String, Object> schema = new LinkedHashMap<>();
		schema.put("type", "image");
		schema.put("accepts", List.of("image/jpeg", "image/png"));
		schema.put("imageSize", metadata.imageSize());
		schema.put("layout", "NCHW");
		schema.put("channels", 3);
		schema.put("mean", metadata.normalization().mean());
		schema.put("std", metadata.normalization().std());
		return schema;
	}

}
