package dev.lantern.tabular;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.lantern.datasets.DatasetProperties;
import dev.lantern.datasets.Datasets;
import dev.lantern.jobs.JobContext;
import dev.lantern.jobs.JobOutcome;
import dev.lantern.jobs.JobType;
import dev.lantern.training.LrFinder;
import dev.lantern.training.LrFinderResult;
import dev.lantern.training.TrainingArtifact;
import dev.lantern.training.TrainingArtifacts;
import dev.lantern.training.TrainingMemory;

import org.springframework.stereotype.Component;

/**
 * The {@code tabular-lr-find} job: fastai's {@code learn.lr_find()} on the network a
 * {@code tabular-train} spec would build. Keeps the sweep as {@code lr-find.json} and its
 * plot as {@code lr-find.png} with the job; publishes nothing.
 */
@Component
class TabularLrFindJob implements JobType<TabularLrFindSpec> {

	private final TabularPresets presets;

	private final Datasets datasets;

	private final TabularArtifacts artifacts;

	private final TabularProperties defaults;

	private final int maxFieldChars;

	private final TrainingMemory memory;

	TabularLrFindJob(TabularPresets presets, Datasets datasets, TabularArtifacts artifacts, TabularProperties defaults,
			DatasetProperties datasetProperties, TrainingMemory memory) {
		this.memory = memory;
		this.presets = presets;
		this.datasets = datasets;
		this.artifacts = artifacts;
		this.defaults = defaults;
		this.maxFieldChars = datasetProperties.maxFieldChars();
	}

	@Override
	public String name() {
		return "tabular-lr-find";
	}

	@Override
	public boolean trains() {
		return true;
	}

	@Override
	public Class<TabularLrFindSpec> specClass() {
		return TabularLrFindSpec.class;
	}

	/**
	 * The sweep's settings are in bounds, and what {@code tabular-train} checks at
	 * submission holds: the datasets exist and are tabular, and the smallest network the
	 * spec can give fits the memory; the network of the data's real columns is checked
	 * again, on the job's own device, before it is built.
	 */
	@Override
	public void admit(TabularLrFindSpec spec) {
		spec.finder();
		TabularTrainJob.admit(spec.asTrainSpec(), name(), this.datasets, this.defaults, this.memory);
	}

	/** fastai's {@code lr_find} defaults and the {@code lantern.tabular.*} settings. */
	@Override
	public TabularLrFindSpec defaults() {
		TabularProperties d = this.defaults;
		LrFinder.Settings f = LrFinder.Settings.FASTAI;
		return new TabularLrFindSpec(null, null, null, "rossmann", null, null, null, null, d.layers(), d.ps(),
				d.embeddingDropout(), d.yRangeHeadroom(), d.weightDecay(), d.batchSize(), null, d.validDays(),
				d.validFraction(), d.seed(), f.startLr(), f.endLr(), f.iterations(), f.stopDiv());
	}

	@Override
	public JobOutcome run(TabularLrFindSpec spec, JobContext context) throws Exception {
		LrFinder.Settings finder = spec.finder();
		TabularTrainSpec train = spec.asTrainSpec();
		TrainingTable table = TrainingTable.load(train, this.presets.get(train.preset()), this.datasets,
				this.maxFieldChars, this.defaults);
		TabularSettings settings = train.settings(this.defaults, table.split().train().length);
		context.checkCancelled();
		LrFinderResult found = TabularTrainer.find(table.features(), table.split(), table.schema().target(),
				table.schema().categorical(), table.schema().continuous(), settings, finder,
				(footprint) -> this.memory.check(footprint, "spec.layers", "spec.batchSize", context.device()),
				context.callback());
		for (TrainingArtifact file : TrainingArtifacts.lrFind(TabularTrainJob.LR_FIND, found,
				"lr_find: " + spec.datasetId(), this.artifacts.json())) {
			context.attach(file.name(), file.mediaType(), file.content());
		}
		Map<String, Object> details = new LinkedHashMap<>(found.describe());
		details.put("batchSize", settings.batchSize());
		details.put("artifacts",
				java.util.List.of(TabularTrainJob.LR_FIND + ".png", TabularTrainJob.LR_FIND + ".json"));
		return JobOutcome.of(details);
	}

}
