package dev.lantern.tabular;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import dev.lantern.datasets.CsvLimits;
import dev.lantern.datasets.CsvReader;
import dev.lantern.datasets.DatasetProperties;
import dev.lantern.models.ModelVersionInfo;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.TooLargeException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Predicts with a tabular model: JSON records of raw columns in, a prediction per record
 * out; or a CSV in, the same CSV with {@code prediction} and {@code unseen} columns out.
 */
@RestController
@Tag(name = "Tabular", description = "Sales forecasts with entity-embedding models")
class TabularPredictController {

	static final String TEXT_CSV = "text/csv";

	private final TabularPredictions predictions;

	private final TabularProperties properties;

	private final CsvLimits csvLimits;

	TabularPredictController(TabularPredictions predictions, TabularProperties properties, DatasetProperties datasets) {
		this.predictions = predictions;
		this.properties = properties;
		this.csvLimits = datasets.csvLimits();
	}

	/**
	 * A predict request.
	 *
	 * @param records the records, each a map of raw column to value (Rossmann: Store,
	 * Date, Promo, StateHoliday, SchoolHoliday, optionally DayOfWeek)
	 */
	record PredictRequest(@NotNull List<Map<String, Object>> records) {

	}

	/**
	 * The predictions of a request.
	 *
	 * @param model the model
	 * @param version the version that predicted
	 * @param target the predicted column
	 * @param predictions one per record, in order
	 */
	record PredictResponse(String model, int version, String target, List<TabularPrediction> predictions) {

	}

	@PostMapping(path = { "/api/v1/models/{name}/predict", "/api/v1/models/{name}/versions/{version}/predict" },
			consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Predict JSON records with a tabular model (default version, or the one in the path)")
	PredictResponse predict(@PathVariable String name, @PathVariable(required = false) Integer version,
			@Valid @RequestBody PredictRequest request) {
		if (request.records().isEmpty()) {
			throw InvalidInputException.field("records", "There are no records to predict");
		}
		checkCount(request.records().size());
		ModelVersionInfo info = this.predictions.resolve(name, version);
		Frame rows = RawColumns.fromInputSchema(info.inputSchema()).fromRecords(request.records());
		return new PredictResponse(info.name(), info.version(), String.valueOf(info.inputSchema().get("target")),
				this.predictions.predict(info, rows));
	}

	@PostMapping(path = { "/api/v1/models/{name}/predict", "/api/v1/models/{name}/versions/{version}/predict" },
			consumes = TEXT_CSV, produces = TEXT_CSV)
	@Operation(summary = "Predict the rows of a CSV with a tabular model; the CSV comes back with a prediction column")
	void predictCsv(@PathVariable String name, @PathVariable(required = false) Integer version, InputStream body,
			@RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType, HttpServletResponse response)
			throws IOException {
		ModelVersionInfo info = this.predictions.resolve(name, version);
		List<String> header;
		List<String[]> rows = new ArrayList<>();
		try (CsvReader csv = CsvReader.open(body, "the request body", this.csvLimits,
				CsvReader.charsetOf(contentType))) {
			header = csv.header();
			for (String[] row = csv.next(); row != null; row = csv.next()) {
				rows.add(row);
				checkCount(rows.size());
			}
		}
		if (rows.isEmpty()) {
			throw new InvalidInputException("The CSV has a header but no records");
		}
		Frame frame = RawColumns.fromInputSchema(info.inputSchema()).fromCsv(header, rows, "the request body");
		List<TabularPrediction> results = this.predictions.predict(info, frame, 1);
		response.setContentType(TEXT_CSV);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader("Lantern-Model-Version", Integer.toString(info.version()));
		Writer writer = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
		writeCsv(writer, header, rows, results);
		writer.flush();
	}

	static void writeCsv(Appendable out, List<String> header, List<String[]> rows, List<TabularPrediction> results)
			throws IOException {
		CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator('\n').get());
		List<String> columns = new ArrayList<>(header);
		columns.add("prediction");
		columns.add("unseen");
		printer.printRecord(columns);
		for (int i = 0; i < rows.size(); i++) {
			List<Object> values = new ArrayList<>(List.of((Object[]) rows.get(i)));
			values.add(results.get(i).prediction());
			values.add(String.join(";", results.get(i).unseen()));
			printer.printRecord(values);
		}
		printer.flush();
	}

	private void checkCount(int count) {
		if (count > this.properties.maxRecordsPerRequest()) {
			throw new TooLargeException("A predict request may carry at most " + this.properties.maxRecordsPerRequest()
					+ " records (lantern.tabular.max-records-per-request); use a tabular-predict job for more");
		}
	}

}
