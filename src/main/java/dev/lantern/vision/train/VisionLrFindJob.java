package dev.lantern.vision.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.lantern.datasets.Datasets;
import dev.lantern.jobs.JobContext;
import dev.lantern.jobs.JobOutcome;
import dev.lantern.jobs.JobType;
import dev.lantern.system.backend.Device;
import dev.lantern.training.LrFinder;
import dev.lantern.training.TrainingArtifact;
import dev.lantern.training.TrainingArtifacts;
import dev.lantern.training.TrainingMemory;
import dev.lantern.vision.VisionProperties;
import dev.lantern.vision.nets.NetSpec;
import dev.lantern.vision.nets.VisionNet;
import dev.lantern.vision.nets.VisionNets;

import org.springframework.stereotype.Component;

/**
 * The {@code vision-lr-find} job: fastai's {@code learn.lr_find()} on the network a
 * {@code vision-train} spec would build, frozen or unfrozen; before an unfrozen sweep the
 * head is fitted with the body frozen first ({@code frozenEpochs}, as lesson 6 does).
 * Keeps the sweep as {@code lr-find-<stage>.json} and its plot as
 * {@code lr-find-<stage>.png} with the job; publishes nothing.
 */
@Component
class VisionLrFindJob implements JobType<VisionLrFindSpec> {

	private final VisionNets nets;

	private final VisionTrainer trainer;

	private final BodyWeights weights;

	private final VisionSpecChecks checks;

	VisionLrFindJob(Datasets datasets, VisionNets nets, BodyWeights weights, VisionProperties properties,
			TrainingMemory memory) {
		this.nets = nets;
		this.weights = weights;
		this.checks = new VisionSpecChecks(datasets, nets, memory);
		this.trainer = new VisionTrainer(properties.decodeThreads(), properties.prefetchBatches(),
				properties.maxImagePixels());
	}

	@Override
	public String name() {
		return "vision-lr-find";
	}

	@Override
	public boolean trains() {
		return true;
	}

	@Override
	public Class<VisionLrFindSpec> specClass() {
		return VisionLrFindSpec.class;
	}

	/**
	 * The sweep's settings are in bounds, {@code frozenEpochs} fits the stage, and what
	 * {@code vision-train} checks holds: the architecture and dataset exist, the network
	 * fits the memory of the roomiest device at the batch size, and {@code pretrained}
	 * names weights that fit.
	 */
	@Override
	public void admit(VisionLrFindSpec spec) {
		prepare(spec, null);
	}

	/** The {@code vision-train} defaults, the frozen stage and fastai's sweep. */
	@Override
	public VisionLrFindSpec defaults() {
		VisionTrainSpec d = VisionTrainSpec.of(null, null);
		LrFinder.Settings f = LrFinder.Settings.FASTAI;
		return new VisionLrFindSpec(null, d.architecture(), d.pretrained(), d.bnFinal(), d.imageSize(), d.batchSize(),
				d.weightDecay(), d.transforms(), d.seed(), null, VisionTrainer.FROZEN, null, d.frozenLr().orElse(1e-2),
				f.startLr(), f.endLr(), f.iterations(), f.stopDiv());
	}

	@Override
	public JobOutcome run(VisionLrFindSpec spec, JobContext context) throws Exception {
		LrFinder.Settings finder = spec.finder();
		VisionTrainSpec train = spec.asTrainSpec();
		VisionSpecChecks.Prepared prepared = prepare(spec, context.device());
		NetSpec netSpec = prepared.netSpec();
		VisionNet net = this.weights.build(this.nets, netSpec,
				this.weights.resolve(netSpec.architecture(), netSpec.baseWidth(), train.pretrained()));
		VisionTrainer.Sweep sweep = this.trainer.find(net, prepared.directory(), prepared.manifest(), train,
				spec.unfrozen(), finder, context.callback());
		String name = VisionTrainJob.LR_FIND + "-" + spec.stage();
		List<TrainingArtifact> files = TrainingArtifacts.lrFind(name, sweep.found(),
				"lr_find (" + spec.stage() + "): " + spec.datasetId(), VisionTrainJob.JSON);
		for (TrainingArtifact file : files) {
			context.attach(file.name(), file.mediaType(), file.content());
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("stage", spec.stage());
		details.put("architecture", netSpec.architecture().id());
		details.put("pretrained", net.pretrained());
		details.put("frozenEpochs", sweep.frozenEpochs());
		if (sweep.frozenLr() != null) {
			details.put("frozenLr", sweep.frozenLr());
			details.put("history", sweep.history());
		}
		details.putAll(sweep.found().describe());
		details.put("artifacts", files.stream().map(TrainingArtifact::name).toList());
		return JobOutcome.of(details);
	}

	/**
	 * Checks a spec (the memory check against {@code device}, null: the roomiest); the
	 * weights are resolved at submission, and again when the network is built.
	 */
	private VisionSpecChecks.Prepared prepare(VisionLrFindSpec spec, Device device) {
		spec.finder();
		VisionTrainSpec train = spec.asTrainSpec();
		VisionSpecChecks.Prepared prepared = this.checks.prepare(train, name(), device);
		if (device == null) {
			this.weights.resolve(prepared.netSpec().architecture(), prepared.netSpec().baseWidth(), train.pretrained());
		}
		return prepared;
	}

}
