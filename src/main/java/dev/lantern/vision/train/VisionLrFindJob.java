package dev.lantern.vision.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.lantern.datasets.Dataset;
import dev.lantern.datasets.Datasets;
import dev.lantern.jobs.JobContext;
import dev.lantern.jobs.JobOutcome;
import dev.lantern.jobs.JobType;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.training.LrFinder;
import dev.lantern.training.LrFinderResult;
import dev.lantern.training.TrainingArtifact;
import dev.lantern.training.TrainingArtifacts;
import dev.lantern.vision.VisionProperties;
import dev.lantern.vision.dataset.ImageManifest;
import dev.lantern.vision.nets.Architecture;
import dev.lantern.vision.nets.NetSpec;
import dev.lantern.vision.nets.VisionNet;
import dev.lantern.vision.nets.VisionNets;

import org.springframework.stereotype.Component;

/**
 * The {@code vision-lr-find} job: fastai's {@code learn.lr_find()} on the network a
 * {@code vision-train} spec would build, frozen or unfrozen. Keeps the sweep as
 * {@code lr-find-<stage>.json} and its plot as {@code lr-find-<stage>.png} with the job;
 * publishes nothing.
 */
@Component
class VisionLrFindJob implements JobType<VisionLrFindSpec> {

	private final Datasets datasets;

	private final VisionNets nets;

	private final VisionTrainer trainer;

	private final BodyWeights weights;

	VisionLrFindJob(Datasets datasets, VisionNets nets, BodyWeights weights, VisionProperties properties) {
		this.datasets = datasets;
		this.nets = nets;
		this.weights = weights;
		this.trainer = new VisionTrainer(properties.decodeThreads(), properties.prefetchBatches(),
				properties.maxImagePixels());
	}

	@Override
	public String name() {
		return "vision-lr-find";
	}

	@Override
	public Class<VisionLrFindSpec> specClass() {
		return VisionLrFindSpec.class;
	}

	@Override
	public void admit(VisionLrFindSpec spec) {
		spec.finder();
	}

	/** The {@code vision-train} defaults, the frozen stage and fastai's sweep. */
	@Override
	public VisionLrFindSpec defaults() {
		VisionTrainSpec d = VisionTrainSpec.of(null, null);
		LrFinder.Settings f = LrFinder.Settings.FASTAI;
		return new VisionLrFindSpec(null, d.architecture(), d.pretrained(), d.bnFinal(), d.imageSize(), d.batchSize(),
				d.weightDecay(), d.transforms(), d.seed(), null, VisionTrainer.FROZEN, f.startLr(), f.endLr(),
				f.iterations(), f.stopDiv());
	}

	@Override
	public JobOutcome run(VisionLrFindSpec spec, JobContext context) throws Exception {
		LrFinder.Settings finder = spec.finder();
		VisionTrainSpec train = spec.asTrainSpec();
		Architecture architecture = VisionTrainJob.architecture(train);
		Dataset dataset = this.datasets.get(spec.datasetId());
		if (!"images".equals(dataset.kind())) {
			throw InvalidInputException.field("spec.datasetId", "Dataset '" + spec.datasetId() + "' is a "
					+ dataset.kind() + " dataset; vision-lr-find needs an images dataset");
		}
		Path directory = this.datasets.directory(spec.datasetId());
		ImageManifest manifest = ImageManifest.read(directory);
		if (manifest.labels().size() < 2) {
			throw InvalidInputException.field("spec.datasetId", "Dataset '" + spec.datasetId() + "' has "
					+ manifest.labels().size() + " class; a classifier needs at least two");
		}
		NetSpec netSpec = VisionTrainJob.netSpec(train, architecture, manifest.labels().size());
		VisionNet net = this.weights.build(this.nets, netSpec,
				this.weights.resolve(architecture, netSpec.baseWidth(), train.pretrained()));
		LrFinderResult found = this.trainer.find(net, directory, manifest, train, spec.unfrozen(), finder,
				context.callback());
		String name = VisionTrainJob.LR_FIND + "-" + spec.stage();
		List<TrainingArtifact> files = TrainingArtifacts.lrFind(name, found,
				"lr_find (" + spec.stage() + "): " + spec.datasetId(), VisionTrainJob.JSON);
		for (TrainingArtifact file : files) {
			context.attach(file.name(), file.mediaType(), file.content());
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("stage", spec.stage());
		details.put("architecture", architecture.id());
		details.put("pretrained", net.pretrained());
		details.putAll(found.describe());
		details.put("artifacts", files.stream().map(TrainingArtifact::name).toList());
		return JobOutcome.of(details);
	}

}
