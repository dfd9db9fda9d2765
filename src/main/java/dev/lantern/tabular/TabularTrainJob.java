package dev.lantern.tabular;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.lantern.datasets.DatasetProperties;
import dev.lantern.datasets.Datasets;
import dev.lantern.jobs.JobContext;
import dev.lantern.jobs.JobOutcome;
import dev.lantern.jobs.JobType;
import dev.lantern.models.ModelPublisher;
import dev.lantern.models.ModelVersionInfo;
import dev.lantern.models.NewModelVersion;
import dev.lantern.training.EpochMetrics;
import dev.lantern.training.TrainingMemory;

import org.springframework.stereotype.Component;

/**
 * The {@code tabular-train} job: reads a dataset through the spec's preset, trains the
 * entity-embedding model and publishes it as a new version of the named model, with the
 * files the preset keeps. A cancelled fit publishes nothing.
 */
@Component
class TabularTrainJob implements JobType<TabularTrainSpec> {

	private static final Logger log = LoggerFactory.getLogger(TabularTrainJob.class);

	private final TabularPresets presets;

	private final Datasets datasets;

	private final ModelPublisher publisher;

	private final TabularArtifacts artifacts;

	private final TabularProperties defaults;

	private final int maxFieldChars;

	private final TrainingMemory memory;

	TabularTrainJob(TabularPresets presets, Datasets datasets, ModelPublisher publisher, TabularArtifacts artifacts,
			TabularProperties defaults, DatasetProperties datasetProperties, TrainingMemory memory) {
		this.memory = memory;
		this.presets = presets;
		this.datasets = datasets;
		this.publisher = publisher;
		this.artifacts = artifacts;
		this.defaults = defaults;
		this.maxFieldChars = datasetProperties.maxFieldChars();
	}

	@Override
	public String name() {
		return "tabular-train";
	}

	@Override
	public Class<TabularTrainSpec> specClass() {
		return TabularTrainSpec.class;
	}

	/**
	 * The {@code lantern.tabular.*} settings a spec falls back to, with the Rossmann
	 * preset; the columns, target and validation scheme depend on the preset and the
	 * data.
	 */
	@Override
	public TabularTrainSpec defaults() {
		TabularProperties d = this.defaults;
		return new TabularTrainSpec(null, null, null, null, "rossmann", null, null, null, null, d.layers(), d.ps(),
				d.embeddingDropout(), d.yRangeHeadroom(), d.epochs(), d.learningRate(), d.weightDecay(), d.batchSize(),
				null, d.validDays(), d.validFraction(), d.seed());
	}

	/**
	 * The datasets exist and are tabular, and the smallest network the spec can give (no
	 * categorical column, one continuous one) fits the memory of the roomiest device; the
	 * network of the data's real columns is checked again before it is built.
	 */
	@Override
	public void admit(TabularTrainSpec spec) {
		Datasets.require(this.datasets, spec.datasetId(), "tabular", "spec.datasetId", name());
		if (spec.storeDatasetId() != null) {
			Datasets.require(this.datasets, spec.storeDatasetId(), "tabular", "spec.storeDatasetId", name());
		}
		this.memory.check(TabularNetwork.smallestFootprint(spec.settings(this.defaults)), "spec.layers",
				"spec.batchSize", null);
	}

	@Override
	public JobOutcome run(TabularTrainSpec spec, JobContext context) throws Exception {
		TabularSettings settings = spec.settings(this.defaults);
		TrainingTable table = TrainingTable.load(spec, this.presets.get(spec.preset()), this.datasets,
				this.maxFieldChars, this.defaults);
		context.checkCancelled();
		long start = System.nanoTime();
		TabularTrainer.Result result = TabularTrainer.fit(table.features(), table.split(), table.schema().target(),
				table.schema().categorical(), table.schema().continuous(), settings,
				(footprint) -> this.memory.check(footprint, "spec.layers", "spec.batchSize", context.device()),
				context.callback());
		double seconds = (System.nanoTime() - start) / 1e9;
		TabularSchema schema = withYMax(table.schema(), result.yMax());
		EpochMetrics last = result.last();
		Map<String, Double> metrics = new LinkedHashMap<>();
		metrics.put("train_loss", last.trainLoss());
		metrics.put("valid_loss", last.validLoss());
		metrics.putAll(last.metrics());
		ModelVersionInfo version = this.publisher.publish(new NewModelVersion(spec.model(), TabularArtifacts.KIND,
				context.jobId(), false, schema.describe(result.procs()), List.of(), metrics,
				this.artifacts.files(result.graph(), result.procs(), schema, table.files())));
		log.info("Published {} version {} (rmspe {})", spec.model(), version.version(), metrics.get("rmspe"));
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("trainRows", result.trainRows());
		details.put("validRows", result.validRows());
		details.put("seconds", seconds);
		details.put("trainRowsPerSecond", result.trainRows() * (double) settings.epochs() / seconds);
		details.put("metrics", metrics);
		details.put("history", result.history());
		return new JobOutcome(version.name(), version.version(), details);
	}

	static TabularSchema withYMax(TabularSchema schema, double yMax) {
		return new TabularSchema(schema.preset(), schema.target(), schema.rawColumns(), schema.optionalColumns(),
				schema.requiredValues(), schema.dateColumn(), schema.categorical(), schema.continuous(), yMax);
	}

}
