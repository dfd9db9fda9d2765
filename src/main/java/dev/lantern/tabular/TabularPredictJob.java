package dev.lantern.tabular;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.lantern.datasets.CsvReader;
import dev.lantern.datasets.Dataset;
import dev.lantern.datasets.DatasetFiles;
import dev.lantern.datasets.DatasetProperties;
import dev.lantern.datasets.Datasets;
import dev.lantern.jobs.JobContext;
import dev.lantern.jobs.JobOutcome;
import dev.lantern.jobs.JobType;
import dev.lantern.models.ModelVersionInfo;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.NotFoundException;

import org.springframework.stereotype.Component;

/**
 * The {@code tabular-predict} job: predicts every row of a stored CSV that is too large
 * for one request and stores the CSV with {@code prediction} and {@code unseen} columns
 * as a new dataset ({@code predictions.csv}).
 */
@Component
class TabularPredictJob implements JobType<TabularPredictSpec> {

	private final Datasets datasets;

	private final TabularPredictions predictions;

	private final int maxFieldChars;

	TabularPredictJob(Datasets datasets, TabularPredictions predictions, DatasetProperties properties) {
		this.datasets = datasets;
		this.predictions = predictions;
		this.maxFieldChars = properties.maxFieldChars();
	}

	@Override
	public String name() {
		return "tabular-predict";
	}

	@Override
	public Class<TabularPredictSpec> specClass() {
		return TabularPredictSpec.class;
	}

	/** The model (a tabular one) and the dataset (a tabular one) exist. */
	@Override
	public void admit(TabularPredictSpec spec) {
		try {
			this.predictions.resolve(spec.model(), spec.version());
		}
		catch (NotFoundException ex) {
			String field = (spec.version() != null) ? "spec.version" : "spec.model";
			throw InvalidInputException.field(field, ex.getMessage() + " (" + field + ")");
		}
		catch (InvalidInputException ex) {
			throw InvalidInputException.field("spec.model", ex.getMessage());
		}
		Datasets.require(this.datasets, spec.datasetId(), "tabular", "spec.datasetId", name());
	}

	@Override
	public JobOutcome run(TabularPredictSpec spec, JobContext context) throws Exception {
		ModelVersionInfo info = this.predictions.resolve(spec.model(), spec.version());
		Path file = DatasetFiles.csv(this.datasets.directory(spec.datasetId()), spec.file(), "predict");
		String source = file.getFileName().toString();
		List<String> header;
		List<String[]> rows = new ArrayList<>();
		try (InputStream in = Files.newInputStream(file);
				CsvReader csv = CsvReader.open(in, source, this.maxFieldChars)) {
			header = csv.header();
			for (String[] row = csv.next(); row != null; row = csv.next()) {
				rows.add(row);
			}
		}
		if (rows.isEmpty()) {
			throw new InvalidInputException(source + " has a header but no records");
		}
		context.progress(0, 2);
		Frame frame = RawColumns.fromInputSchema(info.inputSchema()).fromCsv(header, rows, source);
		List<TabularPrediction> results = this.predictions.predict(info, frame, 1);
		context.checkCancelled();
		context.progress(1, 2);
		Dataset output = this.datasets.create(spec.model() + "-v" + info.version() + "-predictions", "tabular",
				(directory) -> {
					try (BufferedWriter writer = Files.newBufferedWriter(directory.resolve("predictions.csv"),
							StandardCharsets.UTF_8)) {
						TabularPredictController.writeCsv(writer, header, rows, results);
					}
					Map<String, Object> report = new LinkedHashMap<>();
					report.put("files", List.of("predictions.csv"));
					report.put("rows", rows.size());
					report.put("model", info.name());
					report.put("version", info.version());
					report.put("source", spec.datasetId());
					return report;
				});
		context.progress(2, 2);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("datasetId", output.id());
		details.put("rows", rows.size());
		details.put("unseenRows", results.stream().filter((result) -> !result.unseen().isEmpty()).count());
		return new JobOutcome(info.name(), info.version(), details);
	}

}
