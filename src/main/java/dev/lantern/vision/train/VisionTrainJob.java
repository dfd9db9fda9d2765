package dev.lantern.vision.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

import dev.lantern.datasets.Datasets;
import dev.lantern.jobs.JobContext;
import dev.lantern.jobs.JobOutcome;
import dev.lantern.jobs.JobType;
import dev.lantern.models.ModelPublisher;
import dev.lantern.models.ModelVersionInfo;
import dev.lantern.models.NewModelVersion;
import dev.lantern.models.store.ModelStore;
import dev.lantern.models.WeightsSource;
import dev.lantern.system.backend.Device;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.training.LrFinderResult;
import dev.lantern.training.TrainingArtifact;
import dev.lantern.training.TrainingArtifacts;
import dev.lantern.training.TrainingMemory;
import dev.lantern.training.TrainingRecorder;
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

	/**
	 * The finder's files: {@code lr-find-frozen.png}, {@code lr-find-unfrozen.json}, ...
	 */
	static final String LR_FIND = "lr-find";

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** The job type's name. */
	static final String NAME = "vision-train";

	private final ModelPublisher publisher;

	private final VisionNets nets;

	private final VisionTrainer trainer;

	private final TrainingMemory memory;

	private final VisionSpecChecks checks;

	private final BodyWeights weights;

	VisionTrainJob(Datasets datasets, ModelPublisher publisher, VisionNets nets, BodyWeights weights,
			VisionProperties properties, TrainingMemory memory) {
		this.memory = memory;
		this.checks = new VisionSpecChecks(datasets, nets, memory);
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
	public boolean trains() {
		return true;
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
	 * The architecture exists, the dataset exists, holds images of at least two classes,
	 * the network fits the memory of the roomiest device (at the resize stage's size
	 * too), and {@code pretrained} names weights that fit: not an unknown id, weights of
	 * another architecture or width, or {@code true} with no weights for the
	 * architecture.
	 */
	@Override
	public void admit(VisionTrainSpec spec) {
		prepare(spec, null);
	}

	@Override
	public JobOutcome run(VisionTrainSpec spec, JobContext context) throws Exception {
		VisionSpecChecks.Prepared prepared = prepare(spec, context.device());
		Architecture architecture = prepared.netSpec().architecture();
		Path directory = prepared.directory();
		List<String> labels = prepared.manifest().labels();
		ImageManifest manifest = prepared.manifest();
		Optional<BodyWeights.Source> source = this.weights.resolve(architecture, prepared.netSpec().baseWidth(),
				spec.pretrained());
		VisionNet net = this.weights.build(this.nets, prepared.netSpec(), source);
		WeightsSource weightsSource = source.isPresent() ? source.get().describe() : null;
		TrainingRecorder recorder = new TrainingRecorder(context.callback());
		TrainingResult result = this.trainer.train(net, directory, manifest, spec, recorder);
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
		List<TrainingArtifact> kept = new ArrayList<>(TrainingArtifacts.curves(recorder, spec.modelName(), JSON));
		result.lrFinds().forEach((stage, found) -> {
			kept.addAll(TrainingArtifacts.lrFind(LR_FIND + "-" + stage, found,
					"lr_find (" + stage + "): " + spec.modelName(), JSON));
			String rate = VisionTrainer.FROZEN.equals(stage) ? "frozenLr" : "unfrozenLrMax";
			metrics.put(VisionTrainer.FROZEN.equals(stage) ? "frozen_lr" : "unfrozen_lr_max",
					result.learningRates().get(rate));
		});
		for (TrainingArtifact file : kept) {
			context.attach(file.name(), file.mediaType(), file.content());
		}
		Map<String, ModelStore.ArtifactWriter> files = VisionModelFiles.writers(result.graph(), metadata,
				result.interpretation());
		for (TrainingArtifact file : kept) {
			if (files.putIfAbsent(file.name(), (out) -> out.write(file.content())) != null) {
				throw new IllegalStateException("A version file is named " + file.name() + " twice");
			}
		}
		ModelVersionInfo published = this.publisher
			.publish(new NewModelVersion(spec.modelName(), VisionModel.KIND, context.jobId(), net.pretrained(),
					VisionVersion.inputSchema(metadata), labels, metrics, files, weightsSource));
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("architecture", spec.architecture());
		details.put("pretrained", net.pretrained());
		if (weightsSource != null) {
			details.put("weights", weightsSource);
		}
		details.put("epochs", result.history().size());
		details.put("learningRates", result.learningRates());
		if (!result.lrFinds().isEmpty()) {
			Map<String, Object> sweeps = new LinkedHashMap<>();
			result.lrFinds().forEach((stage, found) -> sweeps.put(stage, summary(found)));
			details.put("lrFind", sweeps);
		}
		details.put("metrics", metrics);
		details.put("artifacts", kept.stream().map(TrainingArtifact::name).toList());
		return new JobOutcome(published.name(), published.version(), details);
	}

	/**
	 * Checks a spec against the service's state, the memory check against {@code device}
	 * (null: the roomiest): a 400 naming the field when it cannot run.
	 */
	private VisionSpecChecks.Prepared prepare(VisionTrainSpec spec, Device device) {
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
		VisionSpecChecks.Prepared prepared = this.checks.prepare(spec, name(), device);
		NetSpec netSpec = prepared.netSpec();
		Architecture architecture = netSpec.architecture();
		if (resize != null) {
			NetSpec larger = new NetSpec(architecture, netSpec.classes(), resize.imageSize(), netSpec.baseWidth(),
					netSpec.head(), netSpec.seed());
			this.memory.check(this.nets.footprint(larger, resize.batchSizeOr(spec.batchSize())),
					"spec.resize.imageSize", "spec.resize.batchSize", device);
		}
		if (device == null) {
			this.weights.resolve(architecture, netSpec.baseWidth(), spec.pretrained());
		}
		return prepared;
	}

	/** A sweep without its series: the suggestions, how it stopped, the note. */
	static Map<String, Object> summary(LrFinderResult found) {
		Map<String, Object> summary = new LinkedHashMap<>(found.describe());
		summary.remove("lrs");
		summary.remove("losses");
		summary.remove("smoothedLosses");
		return summary;
	}

	static Architecture architecture(VisionTrainSpec spec) {
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
	static NetSpec netSpec(VisionTrainSpec spec, Architecture architecture, int classes) {
		int width = (spec.width() != null) ? spec.width() : architecture.standardWidth();
		if (spec.imageSize() < architecture.minImageSize()) {
			throw InvalidInputException.field("spec.imageSize", "spec.imageSize must be at least "
					+ architecture.minImageSize() + " pixels for " + architecture.id() + ", got " + spec.imageSize());
		}
		if (architecture == Architecture.RESNET50_ZOO && width != NetSpec.STANDARD_WIDTH) {
			throw InvalidInputException.field("spec.width",
					"resnet50-zoo (the DL4J zoo's) has a fixed width of " + NetSpec.STANDARD_WIDTH + ", got " + width);
		}
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
