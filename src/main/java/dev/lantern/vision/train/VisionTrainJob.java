package dev.lantern.vision.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.lantern.datasets.Dataset;
import dev.lantern.datasets.Datasets;
import dev.lantern.jobs.JobContext;
import dev.lantern.jobs.JobOutcome;
import dev.lantern.jobs.JobType;
import dev.lantern.models.ModelPublisher;
import dev.lantern.models.ModelVersionInfo;
import dev.lantern.models.NewModelVersion;
import dev.lantern.models.WeightsSource;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.vision.VisionProperties;
import dev.lantern.vision.dataset.ImageManifest;
import dev.lantern.vision.image.Normalization;
import dev.lantern.vision.model.VisionModelFiles;
import dev.lantern.vision.model.VisionModelMetadata;
import dev.lantern.vision.model.VisionVersion;
import dev.lantern.vision.nets.Architecture;
import dev.lantern.vision.nets.HeadOptions;
import dev.lantern.vision.nets.NetSpec;
import dev.lantern.vision.nets.VisionNet;
import dev.lantern.vision.nets.VisionNets;
import dev.lantern.vision.serve.VisionModel;

import org.springframework.stereotype.Component;

/**
 * The {@code vision-train} job: trains a classifier on an {@code images} dataset with
 * fastai lesson 6's recipe and publishes it as a {@code vision} model version carrying
 * its labels, image size, normalization, {@code pretrained} flag and validation
 * interpretation.
 */
@Component
class VisionTrainJob implements JobType<VisionTrainSpec> {

	/** The job type's name. */
	static final String NAME = "vision-train";

	private final Datasets datasets;

	private final ModelPublisher publisher;

	private final VisionNets nets;

	private final VisionTrainer trainer;

	private final BodyWeights weights;

	VisionTrainJob(Datasets datasets, ModelPublisher publisher, VisionNets nets, BodyWeights weights,
			VisionProperties properties) {
		this.datasets = datasets;
		this.weights = weights;
		this.publisher = publisher;
		this.nets = nets;
		this.trainer = new VisionTrainer(properties.decodeThreads(), properties.prefetchBatches(),
				properties.maxImagePixels());
	}

	@Override
	public String name() {
		return NAME;
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

	/**
	 * Refuses at submission a spec whose {@code pretrained} names no weights that fit: an
	 * unknown id, weights of another architecture or width, or {@code true} with no
	 * weights for the architecture.
	 */
	@Override
	public void admit(VisionTrainSpec spec) {
		checkStages(spec);
		Architecture architecture = architecture(spec);
		this.weights.resolve(architecture, width(spec, architecture), spec.pretrained());
	}

	@Override
	public JobOutcome run(VisionTrainSpec spec, JobContext context) throws Exception {
		checkStages(spec);
		Architecture architecture = architecture(spec);
		Dataset dataset = this.datasets.get(spec.datasetId());
		if (!"images".equals(dataset.kind())) {
			throw InvalidInputException.field("spec.datasetId", "Dataset '" + spec.datasetId() + "' is a "
					+ dataset.kind() + " dataset; vision-train needs an images dataset");
		}
		Path directory = this.datasets.directory(spec.datasetId());
		ImageManifest manifest = ImageManifest.read(directory);
		List<String> labels = manifest.labels();
		if (labels.size() < 2) {
			throw InvalidInputException.field("spec.datasetId", "Dataset '" + spec.datasetId() + "' has "
					+ labels.size() + " class; a classifier needs at least two");
		}
		Optional<BodyWeights.Source> source = this.weights.resolve(architecture, width(spec, architecture),
				spec.pretrained());
		VisionNet net = this.weights.build(this.nets, netSpec(spec, architecture, labels.size()), source);
		WeightsSource weightsSource = source.isPresent() ? source.get().describe() : null;
		TrainingResult result = this.trainer.train(net, directory, manifest, spec, context.callback());
		context.checkCancelled();
		VisionModelMetadata metadata = new VisionModelMetadata(architecture.id(), labels, spec.finalImageSize(),
				Normalization.IMAGENET, net.pretrained(), spec.datasetId(), spec.transforms(), spec.width(),
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
		ModelVersionInfo published = this.publisher.publish(new NewModelVersion(spec.modelName(), VisionModel.KIND,
				context.jobId(), net.pretrained(), VisionVersion.inputSchema(metadata), labels, metrics,
				VisionModelFiles.writers(result.graph(), metadata, result.interpretation()), weightsSource));
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("architecture", spec.architecture());
		details.put("pretrained", net.pretrained());
		if (weightsSource != null) {
			details.put("weights", weightsSource);
		}
		details.put("epochs", result.history().size());
		details.put("metrics", metrics);
		return new JobOutcome(published.name(), published.version(), details);
	}

	private static void checkStages(VisionTrainSpec spec) {
		if (spec.frozenEpochs() + spec.unfrozenEpochs() < 1) {
			throw InvalidInputException.field("spec.unfrozenEpochs",
					"The spec trains for no epoch: frozenEpochs + unfrozenEpochs must be at least 1");
		}
		ResizeStage resize = spec.resize();
		if (resize != null) {
			if (resize.imageSize() <= spec.imageSize()) {
				throw InvalidInputException.field("spec.resize.imageSize",
						"The resize stage continues on larger " + "images: resize.imageSize (" + resize.imageSize()
								+ ") must be more than imageSize (" + spec.imageSize() + ")");
			}
			if (resize.lrMin() > resize.lrMax()) {
				throw InvalidInputException.field("spec.resize.lrMin",
						"resize.lrMin (" + resize.lrMin() + ") must not exceed resize.lrMax (" + resize.lrMax() + ")");
			}
		}
	}

	private static Architecture architecture(VisionTrainSpec spec) {
		try {
			return Architecture.of(spec.architecture());
		}
		catch (IllegalArgumentException ex) {
			throw InvalidInputException.field("spec.architecture",
					"Unknown architecture '" + spec.architecture() + "'; available: " + Architecture.ids());
		}
	}

	/**
	 * The network the spec asks for: fastai's head (with {@code bnFinal} as asked), the
	 * architecture's standard width unless the spec sets one.
	 */
	private static int width(VisionTrainSpec spec, Architecture architecture) {
		return (spec.width() != null) ? spec.width() : architecture.standardWidth();
	}

	private static NetSpec netSpec(VisionTrainSpec spec, Architecture architecture, int classes) {
		int width = width(spec, architecture);
		try {
			return new NetSpec(architecture, classes, spec.imageSize(), width,
					HeadOptions.fastai().withBnFinal(spec.bnFinal()), spec.seed());
		}
		catch (IllegalArgumentException ex) {
			throw InvalidInputException.field("spec",
					"The spec does not fit " + architecture.id() + ": " + ex.getMessage());
		}
	}

}
