package dev.lantern.tabular;

import java.util.ArrayList;
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
import dev.lantern.models.store.ModelStore;
import dev.lantern.training.EpochMetrics;
import dev.lantern.training.LearningRate;
import dev.lantern.training.LrFinder;
import dev.lantern.training.LrFinderResult;
import dev.lantern.training.TrainingArtifact;
import dev.lantern.training.TrainingArtifacts;
import dev.lantern.training.TrainingRecorder;
import dev.lantern.training.TrainingMemory;

import org.springframework.stereotype.Component;

/**
 * The {@code tabular-train} job: reads a dataset through the spec's preset, trains the
 * entity-embedding model and publishes it as a new version of the named model, with the
 * files the preset keeps. A cancelled fit publishes nothing. With
 * {@code "learningRate": "auto"} the learning-rate finder runs first and the fit takes
 * its {@code valley}; the training curves (and the finder's plot) are kept with the job
 * and in the version's files.
 */
@Component
class TabularTrainJob implements JobType<TabularTrainSpec> {

	/** The name of the finder's files ({@code lr-find.png}, {@code lr-find.json}). */
	static final String LR_FIND = "lr-find";

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
	public boolean trains() {
		return true;
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
				d.embeddingDropout(), d.yRangeHeadroom(), d.epochs(),
				(d.learningRate() != null) ? LearningRate.of(d.learningRate()) : null, d.weightDecay(), d.batchSize(),
				null, d.validDays(), d.validFraction(), d.seed());
	}

	/**
	 * The datasets exist and are tabular, and the smallest network the spec can give (no
	 * categorical column, one continuous one, the batch size of the fewest rows) fits the
	 * memory of the roomiest device; the network of the data's real columns is checked
	 * again before it is built.
	 */
	@Override
	public void admit(TabularTrainSpec spec) {
		admit(spec, name(), this.datasets, this.defaults, this.memory);
	}

	/**
	 * What {@code tabular-train} and {@code tabular-lr-find} check at submission (they
	 * read the same data and build the same network at the same batch size): the datasets
	 * exist and are tabular, and the smallest network the spec can give fits the memory
	 * of the roomiest device.
	 */
	static void admit(TabularTrainSpec spec, String jobType, Datasets datasets, TabularProperties defaults,
			TrainingMemory memory) {
		Datasets.require(datasets, spec.datasetId(), "tabular", "spec.datasetId", jobType);
		if (spec.storeDatasetId() != null) {
			Datasets.require(datasets, spec.storeDatasetId(), "tabular", "spec.storeDatasetId", jobType);
		}
		memory.check(TabularNetwork.smallestFootprint(spec.settings(defaults, 1)), "spec.layers", "spec.batchSize",
				null);
	}

	@Override
	public JobOutcome run(TabularTrainSpec spec, JobContext context) throws Exception {
		TrainingTable table = TrainingTable.load(spec, this.presets.get(spec.preset()), this.datasets,
				this.maxFieldChars, this.defaults);
		TabularSettings settings = spec.settings(this.defaults, table.split().train().length);
		context.checkCancelled();
		long start = System.nanoTime();
		TrainingRecorder recorder = new TrainingRecorder(context.callback());
		TabularTrainer.Result result = TabularTrainer.fit(table.features(), table.split(), table.schema().target(),
				table.schema().categorical(), table.schema().continuous(), settings,
				spec.autoLearningRate() ? LrFinder.Settings.FASTAI : null,
				(footprint) -> this.memory.check(footprint, "spec.layers", "spec.batchSize", context.device()),
				recorder);
		double seconds = (System.nanoTime() - start) / 1e9;
		TabularSchema schema = withYMax(table.schema(), result.yMax());
		EpochMetrics last = result.last();
		Map<String, Double> metrics = new LinkedHashMap<>();
		metrics.put("train_loss", last.trainLoss());
		metrics.put("valid_loss", last.validLoss());
		metrics.putAll(last.metrics());
		if (result.lrFind() != null) {
			metrics.put("learning_rate", result.learningRate());
		}
		List<TrainingArtifact> kept = new ArrayList<>(
				TrainingArtifacts.curves(recorder, spec.model(), this.artifacts.json()));
		if (result.lrFind() != null) {
			kept.addAll(TrainingArtifacts.lrFind(LR_FIND, result.lrFind(), "lr_find: " + spec.model(),
					this.artifacts.json()));
		}
		for (TrainingArtifact file : kept) {
			context.attach(file.name(), file.mediaType(), file.content());
		}
		Map<String, ModelStore.ArtifactWriter> files = this.artifacts.files(result.graph(), result.procs(), schema,
				table.files());
		for (TrainingArtifact file : kept) {
			if (files.putIfAbsent(file.name(), (out) -> out.write(file.content())) != null) {
				throw new IllegalStateException("A version file is named " + file.name() + " twice");
			}
		}
		ModelVersionInfo version = this.publisher.publish(new NewModelVersion(spec.model(), TabularArtifacts.KIND,
				context.jobId(), false, schema.describe(result.procs()), List.of(), metrics, files));
		log.info("Published {} version {} (rmspe {})", spec.model(), version.version(), metrics.get("rmspe"));
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("trainRows", result.trainRows());
		details.put("validRows", result.validRows());
		details.put("batchSize", settings.batchSize());
		details.put("epochs", settings.epochs());
		details.put("seconds", seconds);
		details.put("trainRowsPerSecond", result.trainRows() * (double) settings.epochs() / seconds);
		details.put("learningRate", result.learningRate());
		if (result.lrFind() != null) {
			details.put("lrFind", summary(result.lrFind()));
		}
		details.put("metrics", metrics);
		details.put("history", result.history());
		details.put("artifacts", kept.stream().map(TrainingArtifact::name).toList());
		return new JobOutcome(version.name(), version.version(), details);
	}

	/** A sweep without its series: the suggestions, how it stopped, the note. */
	static Map<String, Object> summary(LrFinderResult found) {
		Map<String, Object> summary = new LinkedHashMap<>(found.describe());
		summary.remove("lrs");
		summary.remove("losses");
		summary.remove("smoothedLosses");
		return summary;
	}

	static TabularSchema withYMax(TabularSchema schema, double yMax) {
		return new TabularSchema(schema.preset(), schema.target(), schema.rawColumns(), schema.optionalColumns(),
				schema.requiredValues(), schema.dateColumn(), schema.categorical(), schema.continuous(), yMax);
	}

}
